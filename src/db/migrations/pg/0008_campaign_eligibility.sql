-- Eligibility rules of the allocation campaigns (issue 4): a post may be
-- reserved to one phase of training (e.g. « socle ») and, since 0005, to one
-- specialty; a candidate carries their phase and specialty. The engine admits
-- a candidate to a post only when every rule the post sets matches the
-- candidate's value exactly (docs/ALLOCATION.md). An empty value sets no rule
-- (post) or no value (candidate), so existing rows keep working unchanged.
ALTER TABLE campaign_posts ADD COLUMN phase text COLLATE "C" NOT NULL DEFAULT '' CHECK (length(phase) <= 100);
ALTER TABLE campaign_candidates ADD COLUMN phase text COLLATE "C" NOT NULL DEFAULT '' CHECK (length(phase) <= 100);
ALTER TABLE campaign_candidates ADD COLUMN specialty text COLLATE "C" NOT NULL DEFAULT '' CHECK (length(specialty) <= 100);
