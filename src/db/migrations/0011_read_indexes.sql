-- Indexes for the hot read paths (issue 8, "A faster API"), so that a page
-- is read in order from an index instead of every row being filtered and
-- sorted in a temporary b-tree on each call:
-- * GET /api/organisations: ORDER BY name LIMIT ? OFFSET ?. The unique index
--   organisations_name is COLLATE NOCASE and cannot serve the list's binary
--   order (changing the order would change the answers' bytes).
-- * GET /api/territories?level=…: the territories of one level by INSEE code.
CREATE INDEX organisations_name_order ON organisations(name);
CREATE INDEX territories_level_code ON territories(level, insee_code);
