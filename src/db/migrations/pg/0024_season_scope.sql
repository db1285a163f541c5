-- PostgreSQL twin of ../0024_season_scope.sql (see there).
ALTER TABLE seasonal_campaigns ADD COLUMN departement text COLLATE "C" REFERENCES territories(id);
