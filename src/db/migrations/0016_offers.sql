-- Offers of emergency recruitment (issue 11, "Offers and acceptance"): the
-- wave settings of a need, the offers sent to candidates in waves, and the
-- cancellations and no-shows of confirmed shifts with their standard reasons.
-- Times the app compares (sent, expiry, undo window, next wave) are whole
-- seconds since 1970-01-01T00:00Z, so that the scheduler's clock can be
-- injected; the reason codes are the app's table (offer.h). The acceptance
-- rules (headcount per slot, working time across employers) are checked in
-- the acceptance's write transaction; the unique keys are the last line.

-- Wave settings and the wave state of a need; a need without a row uses the
-- defaults (5 candidates per wave, every 15 minutes, offers valid 60 minutes,
-- 5 minutes to undo).
CREATE TABLE need_waves (
  need_id INTEGER PRIMARY KEY REFERENCES needs(id) ON DELETE CASCADE,
  wave_size INTEGER NOT NULL DEFAULT 5 CHECK (wave_size BETWEEN 1 AND 200),
  interval_min INTEGER NOT NULL DEFAULT 15 CHECK (interval_min BETWEEN 1 AND 1440),
  offer_ttl_min INTEGER NOT NULL DEFAULT 60 CHECK (offer_ttl_min BETWEEN 5 AND 10080),
  undo_min INTEGER NOT NULL DEFAULT 5 CHECK (undo_min BETWEEN 0 AND 60),
  waves_sent INTEGER NOT NULL DEFAULT 0 CHECK (waves_sent >= 0),
  last_wave_at INTEGER,                     -- seconds; NULL: no wave yet
  next_wave_at INTEGER                      -- seconds; NULL: as soon as the need is open
) STRICT;

-- One offer per need and candidate. status: sent (waiting for an answer),
-- accepted (choose mode: waiting for the establishment), confirmed (shifts
-- in assignments), declined, expired, undone (the candidate took back a
-- confirmation within the undo window), withdrawn (the need was filled,
-- closed or the establishment chose others), cancelled (a confirmed shift
-- cancelled by either side), no_show.
CREATE TABLE offers (
  id INTEGER PRIMARY KEY,
  need_id INTEGER NOT NULL REFERENCES needs(id),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  wave INTEGER NOT NULL CHECK (wave >= 1),
  rank INTEGER NOT NULL CHECK (rank >= 1),
  reasons TEXT NOT NULL DEFAULT '[]' CHECK (length(reasons) <= 2000),   -- the engine's reasons (JSON)
  token_hash BLOB NOT NULL UNIQUE,          -- SHA-256 of the link's secret (its 43 characters)
  status TEXT NOT NULL DEFAULT 'sent'
    CHECK (status IN ('sent', 'accepted', 'confirmed', 'declined', 'expired', 'undone', 'withdrawn',
                      'cancelled', 'no_show')),
  sent_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at > sent_at),
  seen_at INTEGER,                         -- first opened through its link
  accepted_at INTEGER,                      -- the candidate said yes (contact details visible from then)
  confirmed_at INTEGER,
  undo_until INTEGER,
  closed_at INTEGER,
  UNIQUE (need_id, candidate_id)
) STRICT;
CREATE INDEX offers_need ON offers(need_id, status, rank);
CREATE INDEX offers_candidate ON offers(candidate_id, sent_at);
CREATE INDEX offers_open ON offers(status, expires_at);

-- Cancellations and no-shows, on both sides. kind: cancel_candidate,
-- cancel_employer, no_show_candidate (the candidate did not come),
-- no_show_employer (the shift was not there when the candidate came). late:
-- a cancellation less than 48 hours before the first shift starts.
CREATE TABLE offer_events (
  id INTEGER PRIMARY KEY,
  offer_id INTEGER NOT NULL REFERENCES offers(id),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  kind TEXT NOT NULL CHECK (kind IN ('cancel_candidate', 'cancel_employer', 'no_show_candidate', 'no_show_employer')),
  reason TEXT NOT NULL CHECK (reason IN ('illness', 'family', 'transport', 'other_job', 'unavailable',
                                         'need_cancelled', 'filled_internally', 'schedule_change',
                                         'not_present', 'shift_absent', 'other')),
  late INTEGER NOT NULL CHECK (late IN (0, 1)),
  at INTEGER NOT NULL,
  by_user INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX offer_events_candidate ON offer_events(candidate_id, at);
