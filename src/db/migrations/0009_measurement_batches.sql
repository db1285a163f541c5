-- plam: foreign_keys=OFF
-- Measurement batches (issue 3, import benchmark): an import or an approved
-- committee workbook brings many values at once; what is the same for all of
-- them (the batch's name, who brought it, when) is now one row of
-- measurement_batches instead of 56 bytes repeated on each measurement.
-- measurements.batch (text) becomes batch_id; created_at is NULL on a row of
-- a batch that takes the batch's time (readers use
-- coalesce(m.created_at, b.created_at)). Every existing row keeps its own
-- created_at: nothing is rewritten but the batch reference.
--
-- SQLite cannot change a column in place: the table is rebuilt (new table,
-- copy, drop, rename), which is why this migration runs with foreign keys
-- off (the first line above tells db_migrate; dropping the old table with
-- foreign keys on would cascade to the reviews and validated values) and is
-- checked with PRAGMA foreign_key_check before it commits. The view and the
-- triggers that name the table are dropped and created again as they were.
-- No index on batch_id: it would cost an import a second index insert per
-- row, and nothing looks measurements up by batch on a hot path.
CREATE TABLE measurement_batches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 63),
  author_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE TRIGGER measurement_batches_no_update BEFORE UPDATE ON measurement_batches
BEGIN SELECT RAISE(ABORT, 'measurement batches are append-only'); END;

INSERT INTO measurement_batches(name, author_id, created_at)
SELECT batch, min(author_id), min(created_at) FROM measurements WHERE batch IS NOT NULL GROUP BY batch ORDER BY min(id);

DROP TRIGGER measurement_reviews_validated;
DROP VIEW validated_values_source;
DROP TRIGGER measurements_no_update;
DROP INDEX measurements_indicator;

CREATE TABLE measurements_new (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  value_on TEXT NOT NULL,                     -- end of the period the value covers
  value REAL,
  numerator REAL,
  denominator REAL,
  source TEXT,
  comment TEXT,
  qualifier TEXT CHECK (qualifier IS NULL OR qualifier IN ('at_least', 'about', 'at_most')),
  author_id INTEGER REFERENCES users(id),
  batch_id INTEGER REFERENCES measurement_batches(id), -- import or workbook that brought it
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- NULL: the batch's time
  CHECK (value IS NOT NULL OR (numerator IS NOT NULL AND denominator IS NOT NULL)),
  CHECK (created_at IS NOT NULL OR batch_id IS NOT NULL)
) STRICT;
INSERT INTO measurements_new(id, indicator_id, territory_id, value_on, value, numerator, denominator, source, comment,
                             qualifier, author_id, batch_id, created_at)
SELECT m.id, m.indicator_id, m.territory_id, m.value_on, m.value, m.numerator, m.denominator, m.source, m.comment,
       m.qualifier, m.author_id, b.id, m.created_at
FROM measurements m LEFT JOIN measurement_batches b ON b.name = m.batch ORDER BY m.id;
DROP TABLE measurements;
ALTER TABLE measurements_new RENAME TO measurements;

CREATE INDEX measurements_indicator ON measurements(indicator_id, territory_id, value_on);
CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are append-only'); END;

-- as in 0004_validated_values.sql
CREATE VIEW validated_values_source AS
SELECT m.indicator_id, m.territory_id, m.value_on, m.id AS measurement_id, m.value, m.numerator, m.denominator,
  (m.value IS NULL)
  | (coalesce(m.value <> CAST(m.value AS INTEGER) OR abs(m.value) >= 68719476736.0, 0) << 1)
  | ((NOT (m.value_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
      OR coalesce(date(m.value_on) <> m.value_on, 1) OR m.value_on < '1900'
      OR coalesce(m.numerator < 0, 0) OR coalesce(m.denominator < 0, 0)
      OR coalesce(abs(m.value) > 1.7976931348623157e308, 0)
      OR coalesce(abs(m.numerator) > 1.7976931348623157e308, 0)
      OR coalesce(abs(m.denominator) > 1.7976931348623157e308, 0)) << 2) AS flags
FROM measurements m;

CREATE TRIGGER measurement_reviews_validated AFTER INSERT ON measurement_reviews
WHEN NEW.decision = 'validated'
BEGIN
  INSERT INTO validated_values(indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator,
                               flags)
  SELECT indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator, flags
  FROM validated_values_source WHERE measurement_id = NEW.measurement_id;
END;
