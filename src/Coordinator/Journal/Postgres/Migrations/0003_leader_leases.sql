-- Migration 3: leader election among coordinators sharing the database (docs/cluster.md,
-- "Standby coordinators"). One row per leadership name. A coordinator leads while its row's epoch
-- is the one it acquired and expires_at (server clock) is in the future; it renews by moving
-- expires_at. A standby takes over an expired row by raising the epoch under FOR UPDATE.
CREATE TABLE leader_leases (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    holder     text        NOT NULL,
    epoch      bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);

-- The fencing check of every write of a leader (PostgresJournalWriter): fails with SQLSTATE SW001
-- unless the lease still has this epoch and has not expired. FOR KEY SHARE keeps the row's epoch
-- fixed until the writing transaction ends: a takeover (SELECT … FOR UPDATE) waits for it, and a
-- write that starts after a takeover sees the new epoch. Renewals (a plain UPDATE of expires_at)
-- do not conflict with it.
CREATE FUNCTION check_leader_lease(lease_name text, lease_epoch bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM leader_leases WHERE name = lease_name AND epoch = lease_epoch AND expires_at > now() FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'coordinator leadership "%" epoch % is no longer held', lease_name, lease_epoch USING ERRCODE = 'SW001';
    END IF;
END;
$$;
