using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>Migration 5 (trial change markers) on a file written at the version before it.</summary>
public sealed class SqliteChangeMarkersMigrationTests : IDisposable
{
    private const int MarkersVersion = 5;
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task OpenAsync_FileOfThePreviousVersion_MarksOldRowsWithTheSweepsHighestAndNewChangesAboveIt()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString()))
        {
            connection.Open();
            SqliteConnections.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms INTEGER NOT NULL);");
            foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version < MarkersVersion))
            {
                SqliteConnections.Execute(connection, migration.Sql);
                SqliteConnections.Execute(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 0);");
            }

            // Sweep s journaled up to 9; sweep t has a trial row but (damaged) no stream row.
            SqliteConnections.Execute(connection, """
                INSERT INTO streams (stream_id, highest_seq) VALUES ('s', 9);
                INSERT INTO trials (trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, step, fraction, updated_at_ms)
                VALUES ('s/c0-w1-d1', 's', 0, 1, 1, 'Running', 1, 0, 0, 5), ('s/c0-w2-d1', 's', 0, 2, 1, 'Queued', 1, 0, 0, 5),
                       ('t/c0-w1-d1', 't', 0, 1, 1, 'Queued', 1, 0, 0, 5);
                """);
        }

        await using var store = await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));

        Assert.Equal([(MarkersVersion, T0.ToUnixTimeMilliseconds())], SqliteSweepStoreTests.Query(_file.Path,
            $"SELECT version, applied_at_ms FROM schema_version WHERE version >= {MarkersVersion};", r => (r.GetInt32(0), r.GetInt64(1))));
        Assert.Equal(["s/c0-w1-d1|9", "s/c0-w2-d1|9", "t/c0-w1-d1|1"],
            SqliteSweepStoreTests.Query(_file.Path, "SELECT trial_id, change_seq FROM trials ORDER BY ordinal;", r => $"{r.GetString(0)}|{r.GetInt64(1)}"));
        var all = await store.ListTrialsChangedSinceAsync("s", 0);
        Assert.Equal((9L, 2), (all.Through, all.Items.Count));

        Assert.Equal(10, await store.AppendAsync("s", [new TrialStarted("s/c0-w2-d1", 1)], T0));
        var changed = await store.ListTrialsChangedSinceAsync("s", all.Through);
        Assert.Equal(10, changed.Through);
        Assert.Equal(["s/c0-w2-d1"], changed.Items.Select(t => t.TrialId));
    }
}
