using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>
/// Two store instances (separate connection pools, as two coordinator processes would have) on one
/// database, appending from parallel tasks: the per-stream lock must keep every stream's sequence
/// contiguous and every batch unsplit.
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresSweepStoreConcurrencyTests(PostgresServerFixture fixture)
{
    private const int Batches = 100;
    private const int BatchSize = 2;
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [ConditionalFact]
    public Task AppendAsync_TwoInstancesInParallelOnSameStream_ContiguousSequencesAndExactTotals() => AppendInParallelAsync(sameStream: true);

    [ConditionalFact]
    public Task AppendAsync_TwoInstancesInParallelOnDifferentStreams_ContiguousSequencesAndExactTotals() => AppendInParallelAsync(sameStream: false);

    private async Task AppendInParallelAsync(bool sameStream)
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await using var a = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));
        await using var b = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));
        var streamA = sameStream ? "shared" : "sa";
        var streamB = sameStream ? "shared" : "sb";

        var results = await Task.WhenAll(
            Task.Run(() => AppendBatchesAsync(a, streamA, "t/a")),
            Task.Run(() => AppendBatchesAsync(b, streamB, "t/b")));

        foreach (var (stream, trial, returned) in new[] { (streamA, "t/a", results[0]), (streamB, "t/b", results[1]) })
        {
            // Each append's returned high-water mark rises, and its batch was not interleaved with the other writer's.
            Assert.All(returned.Zip(returned.Skip(1)), pair => Assert.True(pair.Second > pair.First));
            var events = await b.ReadAsync(stream, 1, long.MaxValue);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            var mine = events.Where(e => ((MetricReported)e.Event).TrialId == trial).ToList();
            Assert.Equal(Enumerable.Range(0, Batches * BatchSize).Select(i => (long)i), mine.Select(e => ((MetricReported)e.Event).Step));
            Assert.Equal(returned, mine.Where((_, i) => i % BatchSize == BatchSize - 1).Select(e => e.Sequence));
            Assert.Equal(Batches * BatchSize, (await a.ListMetricsAsync(trial)).Count);
        }

        var total = sameStream ? 2 * Batches * BatchSize : Batches * BatchSize;
        Assert.Equal(total, await a.HighestSequenceAsync(streamA));
        Assert.Equal(total, await a.HighestSequenceAsync(streamB));
        Assert.Equal(2L * Batches * BatchSize, await PostgresQuery.CountAsync(database, "events"));
        Assert.Equal(sameStream ? 1L : 2L, await PostgresQuery.CountAsync(database, "streams"));
    }

    private static async Task<List<long>> AppendBatchesAsync(ISweepStore store, string stream, string trial)
    {
        var returned = new List<long>(Batches);
        for (var batch = 0; batch < Batches; batch++)
        {
            var events = Enumerable.Range(batch * BatchSize, BatchSize)
                .Select(step => (SweepEvent)new MetricReported(trial, 1, step, step / 1000.0, "loss", step * 0.5))
                .ToList();
            returned.Add(await store.AppendAsync(stream, events, T0));
        }

        return returned;
    }
}
