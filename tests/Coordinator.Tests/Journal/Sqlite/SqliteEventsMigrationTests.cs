using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>Migration 3 (events as a WITHOUT ROWID table) on a file written at schema version 2.</summary>
public sealed class SqliteEventsMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task OpenAsync_Version2File_KeepsEventsInClusteredTableAndAppendsAfterThem()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString()))
        {
            connection.Open();
            SqliteConnections.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms INTEGER NOT NULL);");
            foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version <= 2))
            {
                SqliteConnections.Execute(connection, migration.Sql);
                SqliteConnections.Execute(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 0);");
            }

            SqliteConnections.Execute(connection, """
                INSERT INTO events VALUES ('s', 1, 'SweepCompleted', '{"$type":"SweepCompleted"}', 5);
                INSERT INTO events VALUES ('s', 2, 'SweepCancelled', '{"$type":"SweepCancelled","Reason":"r"}', 6);
                INSERT INTO streams (stream_id, highest_seq) VALUES ('s', 2);
                """);
        }

        await using var store = await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));

        Assert.Equal([1L, 2L, 3L, 4L], SqliteSweepStoreTests.Query(_file.Path, "SELECT version FROM schema_version ORDER BY version;", r => r.GetInt64(0)));
        Assert.Throws<SqliteException>(() => SqliteSweepStoreTests.Query(_file.Path, "SELECT rowid FROM events;", r => r.GetInt64(0)));
        Assert.Equal(3, await store.AppendAsync("s", [new SweepResumed("again")], T0));
        var events = await store.ReadAsync("s", 1, long.MaxValue);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal<SweepEvent>([new SweepCompleted(), new SweepCancelled("r"), new SweepResumed("again")], events.Select(e => e.Event));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), events[2].At.ToUnixTimeMilliseconds());
    }
}
