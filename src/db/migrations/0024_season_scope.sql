-- Seasonal campaigns for students, session 11 (module "season"): a
-- campaign's territory. NULL: the whole region (any establishment may attach
-- a need, as before); a département (DEP-xx): only the establishments of
-- that département may attach a need to the campaign. Applications are not
-- limited by it: a student may take a summer post away from home.
ALTER TABLE seasonal_campaigns ADD COLUMN departement TEXT REFERENCES territories(id);
