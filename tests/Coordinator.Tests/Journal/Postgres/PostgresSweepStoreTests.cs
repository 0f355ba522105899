using System.Globalization;
using Npgsql;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>
/// The store-level suite on a fresh database of the shared throwaway server per test, and
/// PostgreSQL-only behaviour: schema version, NaN, the retry of a raced metric, leader election.
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresSweepStoreTests(PostgresServerFixture fixture) : SweepStoreConformanceTests
{
    protected override int LatestSchemaVersion => PostgresSchema.LatestVersion;

    protected override Task<string> CreateDatabaseAsync() => fixture.Server.CreateSchemaAsync();

    protected override async Task<ISweepStore> OpenStoreAsync(string database, TimeProvider time) => await PostgresSweepStore.OpenAsync(database, time);

    protected override Task<List<long[]>> QueryAsync(string database, string sql) =>
        PostgresQuery.ListAsync(database, sql, r => Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture)).ToArray());

    [ConditionalFact]
    public async Task OpenAsync_NewDatabase_RecordsSchemaVersion()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await using var store = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));

        Assert.Equal([(1, T0.ToUnixTimeMilliseconds()), (2, T0.ToUnixTimeMilliseconds()), (3, T0.ToUnixTimeMilliseconds()),
            (4, T0.ToUnixTimeMilliseconds()), (5, T0.ToUnixTimeMilliseconds())],
            await PostgresQuery.ListAsync(database, "SELECT version, applied_at_ms FROM schema_version ORDER BY version;", r => (r.GetInt32(0), r.GetInt64(1))));
        Assert.Equal(["0001_initial.sql", "0002_flat_queries.sql", "0003_leader_leases.sql", "0004_trial_compute.sql", "0005_trial_change_markers.sql"], PostgresSchema.Migrations.Select(m => m.Name));
        Assert.Equal(5, PostgresSchema.LatestVersion);
    }

    [ConditionalFact]
    public async Task OpenAsync_FutureSchemaVersion_FailsWithClearMessage()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await (await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0))).DisposeAsync();
        var future = PostgresSchema.LatestVersion + 1;
        await PostgresQuery.ListAsync(database, $"INSERT INTO schema_version (version, applied_at_ms) VALUES ({future}, 0) RETURNING version;", r => r.GetInt32(0));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0)));

        var name = new NpgsqlConnectionStringBuilder(database).Database;
        Assert.Equal(
            $"The journal database '{name}' on 127.0.0.1:{fixture.Server.Port} has schema version {future}, but this build of SweepCluster knows " +
            $"versions up to {PostgresSchema.LatestVersion}. It was written by a newer SweepCluster: upgrade, or use another database.",
            error.Message);
    }

    [ConditionalFact]
    public async Task AppendAsync_NonFiniteValues_StoredAsTheyAre()
    {
        await using var store = await OpenAsync();
        await store.AppendAsync("s", [new SweepSubmitted("s", "n", "", "/", 1), new TrialQueued("s/a", 0, 1, 1, 1, null, 0)], T0);

        await store.AppendAsync("s",
        [
            new MetricReported("s/a", 1, 1, 0.1, "loss", double.PositiveInfinity), new MetricReported("s/a", 1, 2, 0.2, "loss", double.NaN),
            new TrialFinished("s/a", 1, TrialState.Diverged, double.NaN, 2, "non-finite loss"),
        ], T0);

        // Unlike SQLite (no NaN: a NaN final metric reads back as null), PostgreSQL keeps the NaN.
        var trial = Assert.Single(await store.ListTrialsAsync("s"));
        Assert.Equal((TrialState.Diverged, "loss", double.NaN, (double?)double.NaN), (trial.State, trial.LastMetricName, trial.LastMetricValue, trial.FinalMetric));
        Assert.Equal([double.PositiveInfinity, double.NaN], (await store.ListMetricsAsync("s/a")).Select(m => m.Value));
    }

    [ConditionalFact]
    public async Task AppendAsync_MetricStoredByAnotherWriterAfterPrecheck_RetriedAndDropped()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await using var store = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));
        var stored = new MetricReported("s/a", 1, 9, 0.09, "loss", 0.6);
        var raced = new MetricReported("s/a", 1, 10, 0.1, "loss", 0.5);
        Assert.Equal(1, await store.AppendAsync("s", [stored], T0));
        var checkedAttempts = 0;
        store.AfterLockAndRead = async ct =>
        {
            if (++checkedAttempts == 1)
            {
                // Another stream's writer stores a metric of this batch between our pre-check and our insert.
                await using var other = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));
                Assert.Equal(1, await other.AppendAsync("other", [raced with { Value = 0.9 }], T0));
            }
        };

        // The stored metric sends the append to the checked path; the raced one makes its first attempt roll back.
        var highest = await store.AppendAsync("s", [stored, new TrialStarted("s/a", 1), raced, new MetricReported("s/a", 1, 11, 0.11, "loss", 0.4)], T0);

        Assert.Equal((2, 3L), (checkedAttempts, highest));
        Assert.Equal([stored, new TrialStarted("s/a", 1), new MetricReported("s/a", 1, 11, 0.11, "loss", 0.4)],
            (await store.ReadAsync("s", 1, long.MaxValue)).Select(e => e.Event));
        Assert.Equal([0.6, 0.9, 0.4], (await store.ListMetricsAsync("s/a")).Select(m => m.Value));
    }

    [ConditionalFact]
    public async Task AppendAsync_OnlyNewMetrics_TakesNoCheckedPath()
    {
        await using var store = await OpenAsync();
        var checkedAttempts = 0;
        store.AfterLockAndRead = _ => Task.FromResult(++checkedAttempts);

        Assert.Equal(2, await store.AppendAsync("s", [Metric(1), Metric(2), Metric(1)], T0));
        Assert.Equal(3, await store.AppendAsync("s", [Metric(3)], T0));
        Assert.Equal(0, checkedAttempts);
        Assert.Equal(3, await store.AppendAsync("s", [Metric(2)], T0));
        Assert.Equal(1, checkedAttempts);
    }

    [ConditionalFact]
    public async Task CreateLeaderElection_AfterDispose_ThrowsObjectDisposed()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateLeaderElection().TryAcquireAsync("me", TimeSpan.FromSeconds(5)));
    }

    private static MetricReported Metric(long step) => new("s/a", 1, step, step / 100.0, "loss", 0.5);

    private async Task<PostgresSweepStore> OpenAsync() =>
        await PostgresSweepStore.OpenAsync(await fixture.Server.CreateSchemaAsync(), new FixedTimeProvider(T0));
}
