-- Migration 1: the initial schema. Times are unix milliseconds (UTC). Trial states are the
-- TrialState enum names, so the file stays readable from the sqlite3 shell.

-- The append-only journal: one row per event, sequence contiguous from 1 per stream.
CREATE TABLE events (
    stream_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    at_ms     INTEGER NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

-- One row per stream: its highest sequence, and (ordinal) the order streams were first written.
CREATE TABLE streams (
    ordinal     INTEGER PRIMARY KEY,
    stream_id   TEXT    NOT NULL UNIQUE,
    highest_seq INTEGER NOT NULL
);

CREATE TABLE snapshots (
    stream_id   TEXT    NOT NULL PRIMARY KEY,
    seq         INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    saved_at_ms INTEGER NOT NULL
);

-- Query tables, kept up to date by the projector in the append transaction.
CREATE TABLE sweeps (
    ordinal         INTEGER PRIMARY KEY,
    sweep_id        TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    trial_count     INTEGER NOT NULL,
    spec_yaml       TEXT    NOT NULL,
    submitted_at_ms INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL
);

-- ordinal = order of the first TrialQueued, i.e. expansion order.
CREATE TABLE trials (
    ordinal           INTEGER PRIMARY KEY,
    trial_id          TEXT    NOT NULL UNIQUE,
    sweep_id          TEXT    NOT NULL,
    config_index      INTEGER NOT NULL,
    init_seed         INTEGER NOT NULL,
    order_seed        INTEGER NOT NULL,
    state             TEXT    NOT NULL,
    attempt           INTEGER NOT NULL,
    node_id           TEXT,
    step              INTEGER NOT NULL,
    fraction          REAL    NOT NULL,
    last_metric_name  TEXT,
    last_metric_value REAL,  -- NULL with a name set means NaN (SQLite stores NaN as NULL)
    final_metric      REAL,
    checkpoint        TEXT,
    reason            TEXT,
    updated_at_ms     INTEGER NOT NULL
);
CREATE INDEX ix_trials_sweep_state ON trials (sweep_id, state);

-- The primary key is the idempotency key of MetricReported; it also serves lookups by trial.
CREATE TABLE metrics (
    trial_id TEXT    NOT NULL,
    attempt  INTEGER NOT NULL,
    step     INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    fraction REAL    NOT NULL,
    value    REAL,  -- NULL means NaN
    PRIMARY KEY (trial_id, attempt, step, name)
) WITHOUT ROWID;

CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    trial_id      TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    policy        TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    evidence_json TEXT    NOT NULL,
    at_ms         INTEGER NOT NULL
);
CREATE INDEX ix_decisions_trial ON decisions (trial_id, id);

CREATE TABLE nodes (
    node_id      TEXT    NOT NULL PRIMARY KEY,
    slots        INTEGER NOT NULL,
    runners      TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    last_seen_ms INTEGER NOT NULL
);
