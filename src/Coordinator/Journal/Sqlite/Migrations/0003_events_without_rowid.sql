-- Migration 3: the journal as a WITHOUT ROWID table clustered on its primary key (issue 2,
-- benchmark (a)). Before it every event was written twice, once into the rowid table and once into
-- the (stream_id, seq) key index; now an append inserts into one B-tree, and a replay by range reads
-- the rows in key order from that same tree. Columns, key and contents are unchanged.
CREATE TABLE events_clustered (
    stream_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    at_ms     INTEGER NOT NULL,
    PRIMARY KEY (stream_id, seq)
) WITHOUT ROWID;

INSERT INTO events_clustered (stream_id, seq, type, payload, at_ms)
SELECT stream_id, seq, type, payload, at_ms FROM events;

DROP TABLE events;
ALTER TABLE events_clustered RENAME TO events;
