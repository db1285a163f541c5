-- Validated values, for the dashboard (issue 3, benchmark): one row per
-- validated measurement, clustered by the progress engine's access pattern
-- (indicator, territory, date, revision id), so that the dashboard reads per
-- territory only the row or the sums each accumulation needs instead of
-- joining every measurement with its review. Written by a trigger in the
-- transaction that inserts the review, whoever inserts it (the API, the
-- loaders, an import); append-only like the rows it copies; existing
-- validated measurements are copied below.
--
-- flags (what the optimised reads rely on; any flagged indicator is read row
-- by row instead, which is always exact):
--   1  no value (numerator and denominator only)
--   2  value not an integer, or |value| >= 2^36: a SQL sum of such values
--      might round differently from the engine's left-to-right sum
--   4  a row the engine would refuse or ignore: date not strictly
--      YYYY-MM-DD (year >= 1900, a real calendar day), a negative or
--      non-finite number
CREATE TABLE validated_values (
  indicator_id INTEGER NOT NULL,
  territory_id TEXT NOT NULL,
  value_on TEXT NOT NULL,
  measurement_id INTEGER NOT NULL UNIQUE REFERENCES measurements(id) ON DELETE CASCADE,
  value REAL,
  numerator REAL,
  denominator REAL,
  flags INTEGER NOT NULL,
  PRIMARY KEY (indicator_id, territory_id, value_on, measurement_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX validated_values_flags ON validated_values(indicator_id, flags) WHERE flags <> 0;
CREATE TRIGGER validated_values_no_update BEFORE UPDATE ON validated_values
BEGIN SELECT RAISE(ABORT, 'validated values are append-only'); END;

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

INSERT INTO validated_values(indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator, flags)
SELECT s.indicator_id, s.territory_id, s.value_on, s.measurement_id, s.value, s.numerator, s.denominator, s.flags
FROM validated_values_source s JOIN measurement_reviews r ON r.measurement_id = s.measurement_id
WHERE r.decision = 'validated';
