-- How offers reach a candidate (cand, issue 11): by e-mail (the default, as
-- before), by SMS to the candidate's phone, or both. The candidate chooses it
-- on "Mes offres"; the waves queue the SMS in the same transaction as the
-- offer (app/offer/offer_sms.c). SMS needs a phone that reads as a French
-- or international number; otherwise the offer goes by e-mail.
ALTER TABLE candidates ADD COLUMN contact_by TEXT NOT NULL DEFAULT 'email'
  CHECK (contact_by IN ('email', 'sms', 'both'));
