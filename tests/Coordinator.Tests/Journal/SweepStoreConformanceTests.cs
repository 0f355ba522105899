using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Conditions;

namespace SweepCluster.Coordinator.Tests.Journal;

/// <summary>
/// The store-level contract every <see cref="ISweepStore"/> backend passes besides
/// <see cref="JournalConformanceTests"/>: what takes several store instances on one database
/// (reopening, migrating once, two writers in parallel, as two coordinator processes would be) and
/// the lifetime of an instance. A backend's own test class inherits this, supplies a fresh database
/// and reads it as another program would, and keeps its backend-only tests beside these.
/// </summary>
public abstract class SweepStoreConformanceTests
{
    protected static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private const int BatchSize = 2;

    /// <summary>The schema version this build migrates a database to.</summary>
    protected abstract int LatestSchemaVersion { get; }

    /// <summary>How many batches each of the two parallel writers appends.</summary>
    protected virtual int ParallelBatches => 100;

    /// <summary>A fresh, empty database (a file path or a connection string); called once per test.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Opens a store on <paramref name="database"/>, migrating it first if need be; the test disposes it.</summary>
    protected abstract Task<ISweepStore> OpenStoreAsync(string database, TimeProvider time);

    /// <summary>Runs <paramref name="sql"/> on a connection of its own; each row's columns read as integers.</summary>
    protected abstract Task<List<long[]>> QueryAsync(string database, string sql);

    [ConditionalFact]
    public async Task OpenAsync_ExistingDatabase_KeepsDataAndAppliesNoMigrationTwice()
    {
        var database = await CreateDatabaseAsync();
        await using (var first = await OpenStoreAsync(database, new FixedTimeProvider(T0)))
        {
            await SweepLifeScript.ApplyAsync(first);
        }

        await using var second = await OpenStoreAsync(database, new FixedTimeProvider(T0.AddDays(1)));
        await using var third = await OpenStoreAsync(database, new FixedTimeProvider(T0.AddDays(2)));

        Assert.Equal(
            Enumerable.Range(1, LatestSchemaVersion).Select(v => (long)v).Select(v => (v, T0.ToUnixTimeMilliseconds())),
            (await QueryAsync(database, "SELECT version, applied_at_ms FROM schema_version ORDER BY version;")).Select(r => (r[0], r[1])));
        var expectedEvents = SweepLifeScript.Steps.SelectMany(s => s).ToList();
        Assert.Equal(expectedEvents, (await third.ReadAsync(SweepLifeScript.SweepId, 1, long.MaxValue)).Select(e => e.Event));
        Assert.Equal(6, (await third.ListTrialsAsync(SweepLifeScript.SweepId)).Count);
        Assert.Equal(expectedEvents.Count + 1, await second.AppendAsync(SweepLifeScript.SweepId, [new SweepCompleted()], T0.AddDays(1)));
        Assert.Equal("completed", (await third.GetSweepAsync(SweepLifeScript.SweepId))!.Status);
    }

    [ConditionalFact]
    public async Task OpenAsync_ConcurrentOpenersOfFreshDatabase_MigrateOnce()
    {
        var database = await CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenStoreAsync(database, new FixedTimeProvider(T0)))));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal(
            Enumerable.Range(1, LatestSchemaVersion).Select(v => (long)v),
            (await QueryAsync(database, "SELECT version FROM schema_version ORDER BY version;")).Select(r => r[0]));
    }

    [ConditionalFact]
    public Task AppendAsync_TwoInstancesInParallelOnSameStream_ContiguousSequencesAndExactTotals() => AppendInParallelAsync(sameStream: true);

    [ConditionalFact]
    public Task AppendAsync_TwoInstancesInParallelOnDifferentStreams_ContiguousSequencesAndExactTotals() => AppendInParallelAsync(sameStream: false);

    [ConditionalFact]
    public async Task AppendAsync_SweepSubmittedToOtherStream_Rejected()
    {
        await using var store = await OpenStoreAsync(await CreateDatabaseAsync(), new FixedTimeProvider(T0));

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("other", [new SweepSubmitted("s", "n", "", "/", 0)], T0));
        Assert.Equal(0, await store.HighestSequenceAsync("other"));
    }

    [ConditionalFact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var store = await OpenStoreAsync(await CreateDatabaseAsync(), new FixedTimeProvider(T0));
        await store.DisposeAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync("s", [new SweepCompleted()], T0));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.HighestSequenceAsync("s"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ListSweepsAsync());
    }

    /// <summary>
    /// Two instances (separate connections) on one database append from parallel tasks: every
    /// append succeeds, each stream's sequence stays contiguous and no batch is split.
    /// </summary>
    private async Task AppendInParallelAsync(bool sameStream)
    {
        var database = await CreateDatabaseAsync();
        await using var a = await OpenStoreAsync(database, new FixedTimeProvider(T0));
        await using var b = await OpenStoreAsync(database, new FixedTimeProvider(T0));
        var streamA = sameStream ? "shared" : "sa";
        var streamB = sameStream ? "shared" : "sb";

        var results = await Task.WhenAll(
            Task.Run(() => AppendBatchesAsync(a, streamA, "t/a")),
            Task.Run(() => AppendBatchesAsync(b, streamB, "t/b")));

        var perWriter = ParallelBatches * BatchSize;
        foreach (var (stream, trial, returned) in new[] { (streamA, "t/a", results[0]), (streamB, "t/b", results[1]) })
        {
            // Each append's returned high-water mark rises, and its batch was not interleaved with the other writer's.
            Assert.All(returned.Zip(returned.Skip(1)), pair => Assert.True(pair.Second > pair.First));
            var events = await b.ReadAsync(stream, 1, long.MaxValue);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            var mine = events.Where(e => ((MetricReported)e.Event).TrialId == trial).ToList();
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => (long)i), mine.Select(e => ((MetricReported)e.Event).Step));
            Assert.Equal(returned, mine.Where((_, i) => i % BatchSize == BatchSize - 1).Select(e => e.Sequence));
            Assert.Equal(perWriter, (await a.ListMetricsAsync(trial)).Count);
        }

        var total = sameStream ? 2 * perWriter : perWriter;
        Assert.Equal(total, await a.HighestSequenceAsync(streamA));
        Assert.Equal(total, await a.HighestSequenceAsync(streamB));
        Assert.Equal(2L * perWriter, (await QueryAsync(database, "SELECT COUNT(*) FROM events;")).Single()[0]);
        Assert.Equal(sameStream ? 1L : 2L, (await QueryAsync(database, "SELECT COUNT(*) FROM streams;")).Single()[0]);
    }

    private async Task<List<long>> AppendBatchesAsync(ISweepStore store, string stream, string trial)
    {
        var returned = new List<long>(ParallelBatches);
        for (var batch = 0; batch < ParallelBatches; batch++)
        {
            var events = Enumerable.Range(batch * BatchSize, BatchSize)
                .Select(step => (SweepEvent)new MetricReported(trial, 1, step, step / 1000.0, "loss", step * 0.5))
                .ToList();
            returned.Add(await store.AppendAsync(stream, events, T0));
        }

        return returned;
    }
}
