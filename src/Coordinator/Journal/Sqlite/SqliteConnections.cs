using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>Opening connections with the store's pragmas, and write transactions that take the lock up front.</summary>
internal static class SqliteConnections
{
    /// <summary>How long a connection waits for another writer (in this or another process) before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Opens (creating if needed) the database file in WAL mode with a busy timeout.</summary>
    public static SqliteConnection Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The store keeps its connections for its whole life; pooling would only keep the file
            // open after DisposeAsync.
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            // busy_timeout first: switching to WAL needs a lock another process may hold.
            Execute(connection, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds};");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // In WAL mode NORMAL never corrupts; a power loss may only drop the latest commits.
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            // Query tables are projections of the journal, not an integrity boundary.
            Execute(connection, "PRAGMA foreign_keys = OFF;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside <c>BEGIN IMMEDIATE</c>: the write lock is taken (waiting up
    /// to the busy timeout) before anything is read, so a read-then-write never fails with
    /// SQLITE_BUSY the way a deferred transaction upgrading to a writer does. Commits on success and
    /// rolls back on any exception.
    /// </summary>
    public static T InWriteTransaction<T>(SqliteConnection connection, Func<T> work)
    {
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            var result = work();
            Execute(connection, "COMMIT;");
            return result;
        }
        catch
        {
            Rollback(connection);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction so several queries see one snapshot.</summary>
    public static T InReadTransaction<T>(SqliteConnection connection, Func<T> work)
    {
        Execute(connection, "BEGIN;");
        try
        {
            return work();
        }
        finally
        {
            Execute(connection, "COMMIT;");
        }
    }

    /// <summary>Rolls back the open transaction, if SQLite has not already done so.</summary>
    public static void Rollback(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK;");
        }
        catch (SqliteException)
        {
            // Some errors (I/O, full disk) already rolled the transaction back; the original
            // exception is the one worth reporting.
        }
    }
}
