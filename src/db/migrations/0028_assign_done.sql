-- Past missions, session 12 (module "rules"): each step of the offers'
-- scheduler turns the confirmed shifts that ended into 'done'
-- (store_offer_assign_done: status = 'confirmed' AND end_min <= now). This
-- partial index holds only the confirmed rows, by end, so the step reads the
-- ended ones without scanning every assignment ever made.
CREATE INDEX assignments_confirmed_end ON assignments(end_min) WHERE status = 'confirmed';
