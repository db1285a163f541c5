-- PostgreSQL twin of ../0028_assign_done.sql (see there).
CREATE INDEX assignments_confirmed_end ON assignments(end_min) WHERE status = 'confirmed';
