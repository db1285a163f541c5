-- Seasonal campaigns for students, session 12 (module "season"): a
-- campaign's territory may be an area that plan staff define (a set of
-- communes: an INSEE employment area, the ARS's own zoning...) instead of a
-- département. NULL: no area (the département of 0024, or the whole region).
-- With an area, only the establishments whose commune is one of the area's
-- may attach a need to the campaign; applications are not limited by it.
-- An area a campaign uses cannot be deleted: the app refuses with a 409 that
-- names the campaign, and the foreign key stops any other path.
ALTER TABLE seasonal_campaigns ADD COLUMN area_id INTEGER REFERENCES areas(id);
CREATE INDEX seasonal_campaigns_area ON seasonal_campaigns(area_id);
