-- PostgreSQL twin of ../0027_season_area.sql (see there).
ALTER TABLE seasonal_campaigns ADD COLUMN area_id bigint REFERENCES areas(id);
CREATE INDEX seasonal_campaigns_area ON seasonal_campaigns(area_id);
