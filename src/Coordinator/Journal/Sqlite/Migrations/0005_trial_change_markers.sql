-- Migration 5: a change marker per trial row, so the event stream (GET /sweeps/{id}/events) reads
-- only the rows that changed since its last poll instead of every trial of the sweep.
-- change_seq is the journal sequence (on the sweep's stream) of the last event that changed the
-- row, set by the projection in the append transaction. Appends to a stream are serialized and
-- number their events from its highest sequence, so a reader that remembers the highest marker it
-- has seen and then asks for "change_seq > that" misses no change.
ALTER TABLE trials ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;

-- Existing rows: which event changed them last is not kept, so they take the sweep's highest
-- sequence (every change so far is at or below it; every later one is above it), at least 1 so
-- that "changed since 0" lists every row.
UPDATE trials SET change_seq = MAX(1, COALESCE((SELECT s.highest_seq FROM streams s WHERE s.stream_id = trials.sweep_id), 0));

-- The rowid (ordinal) ends the index, so rows with the same marker come in expansion order.
CREATE INDEX ix_trials_sweep_change ON trials (sweep_id, change_seq);
