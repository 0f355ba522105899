-- Migration 5, the PostgreSQL twin of Sqlite/Migrations/0005_trial_change_markers.sql: a change
-- marker per trial row (the journal sequence of the last event that changed it, set by the
-- projection in the append transaction), so the event stream reads only rows changed since its
-- last poll. Appends to a stream hold its advisory lock until they commit and number their events
-- from its highest sequence, so the committed markers of a sweep grow in commit order.
ALTER TABLE trials ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;

-- Existing rows take the sweep's highest sequence (at least 1, so "changed since 0" lists them).
UPDATE trials SET change_seq = GREATEST(1, COALESCE((SELECT s.highest_seq FROM streams s WHERE s.stream_id = trials.sweep_id), 0));

CREATE INDEX ix_trials_sweep_change ON trials (sweep_id, change_seq, ordinal);
