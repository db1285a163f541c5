-- PostgreSQL twin of ../0026_cand_history.sql: the writes to `assignments`,
-- `offers` (its candidate and sending time) and `offer_events` go through
-- the candidates' change log, with 0025's function (one generation row
-- lock per transaction, so a bulk write stays linear); 0014's per-statement
-- assignment_generation, no longer read, is dropped (it also made a
-- transaction writing N assignments one statement at a time cost O(N^2)).
-- offer_events: the function logs every row; only late cancellations by the
-- candidate count, and a few more reloads of one candidate are harmless.
DROP TRIGGER assignments_gen ON assignments;
DROP FUNCTION assignment_generation_bump();
DROP TABLE assignment_generation;
CREATE TRIGGER assignments_log AFTER INSERT OR UPDATE OR DELETE ON assignments
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
CREATE TRIGGER offers_log AFTER INSERT OR DELETE OR UPDATE OF candidate_id, sent_at ON offers
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
CREATE TRIGGER offer_events_log AFTER INSERT OR DELETE OR UPDATE OF candidate_id, kind, late, at ON offer_events
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
