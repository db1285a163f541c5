-- Covering indexes for the hot lists (issue 8, "A faster API", session 11),
-- the same SQL on both engines. Each list was read from an index in order
-- (0011), then each row from its table by rowid: one more b-tree seek per
-- row. These indexes hold every column the list reads, so a page is read
-- from the index alone (SQLite: "SCAN o USING COVERING INDEX"; PostgreSQL:
-- an index-only scan where the visibility map allows). They replace the
-- 0011 indexes they extend (same leading columns, same order).
-- * GET /api/organisations: ORDER BY name, the columns of store_org.c.
-- * GET /api/territories?level=…: WHERE level = ? ORDER BY insee_code, the
--   columns of store_territory.c.
DROP INDEX organisations_name_order;
CREATE INDEX organisations_list ON organisations(name, id, kind, finess, siret, territory_id, created_at, updated_at);
DROP INDEX territories_level_code;
CREATE INDEX territories_level_list ON territories(level, insee_code, id, name, parent);
