-- Recruitment, session 12: a ranking reads nothing but its need. The
-- in-memory index (src/app/recruit/recruit_index.c) now also holds each
-- candidate's history: the rows of `assignments` that the rules and the
-- ranking read (confirmed, done and no-show shifts, with their need's
-- establishment), the times of the offers they were sent and of their late
-- cancellations. So the writes to those tables go through the candidates'
-- change log (0021) like the candidate tables: one log row per row written,
-- naming the candidate, and the index reloads that candidate alone.
-- assignment_generation (0014), which made the index reread the list of
-- candidates with assignments after every write, is no longer read: dropped.
-- offers: only the columns the index keeps (candidate, sending time) log an
-- update (an offer's status changes many times); offer_events: only late
-- cancellations by the candidate count.
DROP TRIGGER assignments_gen_i;
DROP TRIGGER assignments_gen_u;
DROP TRIGGER assignments_gen_d;
DROP TABLE assignment_generation;
CREATE TRIGGER assignments_log_i AFTER INSERT ON assignments BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER assignments_log_u AFTER UPDATE ON assignments BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER assignments_log_d AFTER DELETE ON assignments BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER assignments_log_m AFTER UPDATE OF candidate_id ON assignments WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;
CREATE TRIGGER offers_log_i AFTER INSERT ON offers BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offers_log_u AFTER UPDATE OF candidate_id, sent_at ON offers BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offers_log_d AFTER DELETE ON offers BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offers_log_m AFTER UPDATE OF candidate_id ON offers WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;
CREATE TRIGGER offer_events_log_i AFTER INSERT ON offer_events WHEN NEW.kind = 'cancel_candidate' AND NEW.late = 1 BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offer_events_log_u AFTER UPDATE OF candidate_id, kind, late, at ON offer_events WHEN NEW.kind = 'cancel_candidate' AND NEW.late = 1 OR OLD.kind = 'cancel_candidate' AND OLD.late = 1 BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offer_events_log_d AFTER DELETE ON offer_events WHEN OLD.kind = 'cancel_candidate' AND OLD.late = 1 BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER offer_events_log_m AFTER UPDATE OF candidate_id ON offer_events WHEN OLD.candidate_id <> NEW.candidate_id AND OLD.kind = 'cancel_candidate' AND OLD.late = 1 BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;
