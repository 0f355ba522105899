using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>
/// The store-level suite on a SQLite file, and SQLite-only behaviour: the file, its schema version,
/// pragmas and the rollback hook.
/// </summary>
public sealed class SqliteSweepStoreTests : SweepStoreConformanceTests, IDisposable
{
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override int LatestSchemaVersion => SqliteSchema.LatestVersion;

    // Enough contention that, with deferred transactions, the same-stream case fails with SQLITE_BUSY:
    // BEGIN IMMEDIATE plus the busy timeout must make every append succeed.
    protected override int ParallelBatches => 500;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_file.Path);

    protected override async Task<ISweepStore> OpenStoreAsync(string database, TimeProvider time) => await SqliteSweepStore.OpenAsync(database, time);

    protected override Task<List<long[]>> QueryAsync(string database, string sql) =>
        Task.FromResult(Query(database, sql, r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt64).ToArray()));

    [Fact]
    public async Task OpenAsync_NewFile_RecordsSchemaVersionAndSetsPragmas()
    {
        await using var store = await OpenAsync();

        Assert.Equal([(1L, T0.ToUnixTimeMilliseconds()), (2L, T0.ToUnixTimeMilliseconds()), (3L, T0.ToUnixTimeMilliseconds()),
            (4L, T0.ToUnixTimeMilliseconds()), (5L, T0.ToUnixTimeMilliseconds())], Query(_file.Path, "SELECT version, applied_at_ms FROM schema_version ORDER BY version;",
            r => (r.GetInt64(0), r.GetInt64(1))));
        Assert.Equal(["0001_initial.sql", "0002_flat_queries.sql", "0003_events_without_rowid.sql", "0004_trial_compute.sql", "0005_trial_change_markers.sql"], SqliteSchema.Migrations.Select(m => m.Name));
        Assert.Equal(5, SqliteSchema.LatestVersion);
        Assert.Equal("wal", await store.WriterPragmaAsync("journal_mode"));
        Assert.Equal("10000", await store.WriterPragmaAsync("busy_timeout"));
        Assert.Equal("1", await store.WriterPragmaAsync("synchronous")); // NORMAL
    }

    [Fact]
    public async Task OpenAsync_FutureSchemaVersion_FailsWithClearMessage()
    {
        await (await OpenAsync()).DisposeAsync();
        var future = SqliteSchema.LatestVersion + 1;
        Query(_file.Path, $"INSERT INTO schema_version (version, applied_at_ms) VALUES ({future}, 0) RETURNING version;", r => r.GetInt64(0));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(OpenAsync);

        Assert.Equal(
            $"The journal database '{_file.Path}' has schema version {future}, but this build of SweepCluster knows versions up to " +
            $"{SqliteSchema.LatestVersion}. It was written by a newer SweepCluster: upgrade, or use another file.",
            error.Message);
    }

    [Fact]
    public async Task AppendAsync_FailureAfterLastEventOfBatch_RollsBackJournalAndQueryTables()
    {
        await using var store = await OpenAsync();
        SweepEvent[] batch =
        [
            new SweepSubmitted("s", "n", "", "/", 1), new TrialQueued("s/a", 0, 1, 1, 1, null, 0),
            new MetricReported("s/a", 1, 1, 0.1, "loss", 0.5), new DecisionMade("s/a", 1, "p", "stop", "r", "{}"),
            new NodeJoined("n1", 1, "builtin"),
        ];
        store.AfterEventWritten = e => _ = e is NodeJoined ? throw new InvalidOperationException("injected") : 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync("s", batch, T0));

        Assert.Equal("injected", error.Message);
        Assert.Equal(0, await store.HighestSequenceAsync("s"));
        Assert.Empty(await store.ListSweepStreamsAsync());
        Assert.Empty(await store.ListSweepsAsync());
        Assert.Empty(await store.ListTrialsAsync("s"));
        Assert.Empty(await store.ListMetricsAsync("s/a"));
        Assert.Empty(await store.ListDecisionsAsync("s/a"));
        Assert.Empty(await store.ListNodesAsync());
        Assert.Equal(0L, Query(_file.Path, "SELECT COUNT(*) FROM events;", r => r.GetInt64(0)).Single());

        store.AfterEventWritten = null;
        Assert.Equal(5, await store.AppendAsync("s", batch, T0));
    }

    private Task<SqliteSweepStore> OpenAsync() => SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));

    /// <summary>Runs SQL on a connection of its own, as another program would.</summary>
    internal static List<T> Query<T>(string path, string sql, Func<SqliteDataReader, T> map)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
