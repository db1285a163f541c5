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
  indicator_id bigint NOT NULL,
  territory_id text COLLATE "C" NOT NULL,
  value_on text COLLATE "C" NOT NULL,
  measurement_id bigint NOT NULL UNIQUE REFERENCES measurements(id) ON DELETE CASCADE,
  value double precision,
  numerator double precision,
  denominator double precision,
  flags bigint NOT NULL,
  PRIMARY KEY (indicator_id, territory_id, value_on, measurement_id)
);
CREATE INDEX validated_values_flags ON validated_values(indicator_id, flags) WHERE flags <> 0;
CREATE TRIGGER validated_values_no_update BEFORE UPDATE ON validated_values FOR EACH ROW
EXECUTE FUNCTION plam_refuse('validated values are append-only');

-- PostgreSQL: the flags as in ../0004_validated_values.sql, with a regular
-- expression for SQLite's GLOB, plam_date_ok for "date(x) = x" (a real
-- calendar day written YYYY-MM-DD) and CASE for SQLite's 0/1 booleans.
CREATE FUNCTION plam_date_ok(d text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS
$$ BEGIN
  RETURN d ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char(d::date, 'YYYY-MM-DD') = d;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

CREATE VIEW validated_values_source AS
SELECT m.indicator_id, m.territory_id, m.value_on, m.id AS measurement_id, m.value, m.numerator, m.denominator,
  (CASE WHEN m.value IS NULL THEN 1 ELSE 0 END)
  | (CASE WHEN coalesce(m.value <> trunc(m.value) OR abs(m.value) >= 68719476736.0, false) THEN 2 ELSE 0 END)
  | (CASE WHEN (NOT plam_date_ok(m.value_on) OR m.value_on < '1900'
      OR coalesce(m.numerator < 0, false) OR coalesce(m.denominator < 0, false)
      OR coalesce(abs(m.value) = 'Infinity'::float8, false)
      OR coalesce(abs(m.numerator) = 'Infinity'::float8, false)
      OR coalesce(abs(m.denominator) = 'Infinity'::float8, false)) THEN 4 ELSE 0 END)::bigint AS flags
FROM measurements m;

CREATE FUNCTION plam_review_validated() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
  INSERT INTO validated_values(indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator,
                               flags)
  SELECT indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator, flags
  FROM validated_values_source WHERE measurement_id = NEW.measurement_id;
  RETURN NULL;
END $$;
CREATE TRIGGER measurement_reviews_validated AFTER INSERT ON measurement_reviews FOR EACH ROW
WHEN (NEW.decision = 'validated')
EXECUTE FUNCTION plam_review_validated();

INSERT INTO validated_values(indicator_id, territory_id, value_on, measurement_id, value, numerator, denominator, flags)
SELECT s.indicator_id, s.territory_id, s.value_on, s.measurement_id, s.value, s.numerator, s.denominator, s.flags
FROM validated_values_source s JOIN measurement_reviews r ON r.measurement_id = s.measurement_id
WHERE r.decision = 'validated';
