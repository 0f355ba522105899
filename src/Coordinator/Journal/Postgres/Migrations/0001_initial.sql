-- Migration 1: the initial schema, the PostgreSQL twin of Sqlite/Migrations/0001_initial.sql.
-- Same tables and columns, so the query projection's SQL (QueryProjection.cs) runs unchanged on
-- both: times are unix milliseconds (UTC) in bigint columns (to_timestamp(at_ms / 1000.0) reads
-- them in psql), trial states are TrialState enum names. Identifier-like text columns use the "C"
-- collation so ORDER BY matches SQLite's byte order whatever the database's default collation.
-- Unlike SQLite, float8 holds NaN and ±Infinity: metric values are stored as they are.

-- The append-only journal: one row per event, sequence contiguous from 1 per stream.
CREATE TABLE events (
    stream_id text COLLATE "C" NOT NULL,
    seq       bigint NOT NULL,
    type      text   NOT NULL,
    payload   text   NOT NULL,
    at_ms     bigint NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

-- One row per stream: its highest sequence, and (ordinal) the order streams were first written.
-- Appends serialize per stream on a transaction-level advisory lock (PostgresJournalWriter).
CREATE TABLE streams (
    ordinal     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   text COLLATE "C" NOT NULL UNIQUE,
    highest_seq bigint NOT NULL
);

CREATE TABLE snapshots (
    stream_id   text COLLATE "C" NOT NULL PRIMARY KEY,
    seq         bigint NOT NULL,
    payload     text   NOT NULL,
    saved_at_ms bigint NOT NULL
);

-- Query tables, kept up to date by the projector in the append transaction.
CREATE TABLE sweeps (
    ordinal         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id        text COLLATE "C" NOT NULL UNIQUE,
    name            text    NOT NULL,
    status          text    NOT NULL,
    trial_count     integer NOT NULL,
    spec_yaml       text    NOT NULL,
    submitted_at_ms bigint  NOT NULL,
    updated_at_ms   bigint  NOT NULL
);

-- ordinal = order of the first TrialQueued, i.e. expansion order.
CREATE TABLE trials (
    ordinal           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id          text COLLATE "C" NOT NULL UNIQUE,
    sweep_id          text COLLATE "C" NOT NULL,
    config_index      integer NOT NULL,
    init_seed         integer NOT NULL,
    order_seed        integer NOT NULL,
    state             text    NOT NULL,
    attempt           integer NOT NULL,
    node_id           text COLLATE "C",
    step              bigint  NOT NULL,
    fraction          double precision NOT NULL,
    last_metric_name  text COLLATE "C",
    last_metric_value double precision,
    final_metric      double precision,
    checkpoint        text,
    reason            text,
    updated_at_ms     bigint  NOT NULL
);
-- A sweep's trials in expansion order (ListTrialsAsync), optionally of one state, and the
-- per-state counts of a sweep: each reads only that sweep's rows.
CREATE INDEX ix_trials_sweep_ordinal ON trials (sweep_id, ordinal);
CREATE INDEX ix_trials_sweep_state ON trials (sweep_id, state, ordinal);

-- The primary key is the idempotency key of MetricReported (PostgresJournalWriter recognizes a
-- repeated metric by this constraint's name); it also serves lookups by trial.
CREATE TABLE metrics (
    trial_id text COLLATE "C" NOT NULL,
    attempt  integer NOT NULL,
    step     bigint  NOT NULL,
    name     text COLLATE "C" NOT NULL,
    fraction double precision NOT NULL,
    value    double precision,
    CONSTRAINT metrics_pkey PRIMARY KEY (trial_id, attempt, step, name)
);

CREATE TABLE decisions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id      text COLLATE "C" NOT NULL,
    attempt       integer NOT NULL,
    policy        text    NOT NULL,
    action        text    NOT NULL,
    reason        text    NOT NULL,
    evidence_json text    NOT NULL,
    at_ms         bigint  NOT NULL
);
CREATE INDEX ix_decisions_trial ON decisions (trial_id, id);

CREATE TABLE nodes (
    node_id      text COLLATE "C" NOT NULL PRIMARY KEY,
    slots        integer NOT NULL,
    runners      text    NOT NULL,
    state        text    NOT NULL,
    last_seen_ms bigint  NOT NULL
);
