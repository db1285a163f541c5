-- PostgreSQL twin of ../0025_cand_log.sql. 0021's row trigger updated the
-- one row of candidate_generation for every row written to a candidate
-- table. PostgreSQL keeps every version of a row a transaction updates
-- until it ends, and each update walks them: a transaction writing N rows
-- cost O(N^2) (measured with bench/recruit_store_pg.sh: 1,000 candidates and
-- their rows in 4.3 s, 4,000 in 31 s; a million never finished; a 100,000-row
-- CSV import, one statement per row, the same). The purge of old log rows,
-- once per row, did the same on the log's index.
-- Now the trigger takes the generation row's lock once per transaction
-- (SELECT … FOR UPDATE, then a fresh read of the log's top: it still orders
-- writers by commit, so a snapshot that sees generation G sees every change
-- up to G), moves candidate_generation.gen to where the transaction starts
-- numbering (one row version per transaction), purges once per
-- transaction, and numbers its log rows from the log's highest generation.
-- The generation is the larger of that row and the log's highest generation
-- (store_rcand_generation, the same query on both engines); exactly one log
-- row per generation as before. The transaction's last generation is kept in
-- a transaction-local setting (set_config(…, true)), not read back from the
-- log at every row: it ends with the transaction and goes back with a
-- rolled-back savepoint, as the log rows do.
CREATE OR REPLACE FUNCTION candidate_change_log() RETURNS trigger LANGUAGE plpgsql AS
$$DECLARE
  g bigint;
  id_new bigint;
  id_old bigint;
BEGIN
  IF TG_TABLE_NAME = 'candidates' THEN
    IF TG_OP <> 'DELETE' THEN id_new := NEW.id; END IF;
    IF TG_OP <> 'INSERT' THEN id_old := OLD.id; END IF;
  ELSE
    IF TG_OP <> 'DELETE' THEN id_new := NEW.candidate_id; END IF;
    IF TG_OP <> 'INSERT' THEN id_old := OLD.candidate_id; END IF;
  END IF;
  -- the generation this transaction wrote last; none: its first row
  g := nullif(current_setting('plam.candidate_gen', true), '')::bigint;
  IF g IS NULL THEN
    PERFORM 1 FROM candidate_generation WHERE id = 1 FOR UPDATE;
    SELECT greatest(max(c.gen), (SELECT gen FROM candidate_generation WHERE id = 1)) INTO g FROM candidate_changes c;
    UPDATE candidate_generation SET gen = g WHERE id = 1 AND gen < g;
    DELETE FROM candidate_changes WHERE gen <= g - 100000;
  END IF;
  g := g + 1;
  INSERT INTO candidate_changes (gen, candidate_id) VALUES (g, coalesce(id_new, id_old));
  IF TG_OP = 'UPDATE' AND id_old <> id_new THEN
    g := g + 1;
    INSERT INTO candidate_changes (gen, candidate_id) VALUES (g, id_old);
  END IF;
  PERFORM set_config('plam.candidate_gen', g::text, true);
  RETURN NULL;
END$$;
