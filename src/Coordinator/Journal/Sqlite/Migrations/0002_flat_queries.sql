-- Migration 2: queries whose cost does not grow with the number of trials (issue 5, measured by
-- tests/Benchmarks `store-scale`). Before it, a sweep's per-state counts were a COUNT over all its
-- trials (every summary, every sweep list, every event-stream poll) and a trial page loaded the
-- whole sweep.

-- Per-state trial counts of each sweep, kept by triggers in the same transaction as the trial rows
-- they count, so the projection's statements stay as they are.
CREATE TABLE sweep_counts (
    sweep_id TEXT    NOT NULL,
    state    TEXT    NOT NULL,
    trials   INTEGER NOT NULL,
    PRIMARY KEY (sweep_id, state)
) WITHOUT ROWID;

INSERT INTO sweep_counts (sweep_id, state, trials)
SELECT sweep_id, state, COUNT(*) FROM trials GROUP BY sweep_id, state;

CREATE TRIGGER trials_count_insert AFTER INSERT ON trials
BEGIN
    INSERT INTO sweep_counts (sweep_id, state, trials) VALUES (new.sweep_id, new.state, 1)
    ON CONFLICT (sweep_id, state) DO UPDATE SET trials = trials + 1;
END;

CREATE TRIGGER trials_count_update AFTER UPDATE OF state ON trials WHEN old.state <> new.state
BEGIN
    UPDATE sweep_counts SET trials = trials - 1 WHERE sweep_id = old.sweep_id AND state = old.state;
    INSERT INTO sweep_counts (sweep_id, state, trials) VALUES (new.sweep_id, new.state, 1)
    ON CONFLICT (sweep_id, state) DO UPDATE SET trials = trials + 1;
END;

CREATE TRIGGER trials_count_delete AFTER DELETE ON trials
BEGIN
    UPDATE sweep_counts SET trials = trials - 1 WHERE sweep_id = old.sweep_id AND state = old.state;
END;

-- A page of a sweep's trials in expansion order, unfiltered or by seed (the rowid, i.e. the
-- ordinal, ends every index, so these also give the order).
CREATE INDEX ix_trials_sweep_ordinal ON trials (sweep_id, ordinal);
CREATE INDEX ix_trials_sweep_init ON trials (sweep_id, init_seed);
CREATE INDEX ix_trials_sweep_order ON trials (sweep_id, order_seed);
