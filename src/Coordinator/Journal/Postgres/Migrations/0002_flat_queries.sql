-- Migration 2, the PostgreSQL twin of Sqlite/Migrations/0002_flat_queries.sql: per-state counts
-- kept by triggers (no COUNT over a sweep's trials per summary), and indexes for trial pages
-- filtered by seed.

CREATE TABLE sweep_counts (
    sweep_id text COLLATE "C" NOT NULL,
    state    text    NOT NULL,
    trials   integer NOT NULL,
    PRIMARY KEY (sweep_id, state)
);

INSERT INTO sweep_counts (sweep_id, state, trials)
SELECT sweep_id, state, COUNT(*) FROM trials GROUP BY sweep_id, state;

CREATE FUNCTION trials_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE sweep_counts SET trials = trials - 1 WHERE sweep_id = OLD.sweep_id AND state = OLD.state;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO sweep_counts (sweep_id, state, trials) VALUES (NEW.sweep_id, NEW.state, 1)
        ON CONFLICT (sweep_id, state) DO UPDATE SET trials = sweep_counts.trials + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trials_count_insert AFTER INSERT OR DELETE ON trials FOR EACH ROW EXECUTE FUNCTION trials_count();
CREATE TRIGGER trials_count_update AFTER UPDATE OF state ON trials FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION trials_count();

CREATE INDEX ix_trials_sweep_init ON trials (sweep_id, init_seed, ordinal);
CREATE INDEX ix_trials_sweep_order ON trials (sweep_id, order_seed, ordinal);
