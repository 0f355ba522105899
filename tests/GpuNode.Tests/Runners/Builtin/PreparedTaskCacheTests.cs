using SweepCluster.GpuNode.Runners.Builtin;
using SweepCluster.Shared.Specs;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Tests.Runners.Builtin;

public sealed class PreparedTaskCacheTests
{
    private static readonly PreparedTask Dummy = new(
        FineTuningData.Classification([new EncodedExample([2, 3], [0, 0], [1, 1])], [0], [new EncodedExample([2, 3], [0, 0], [1, 1])], [1], 2),
        new Vocabulary(Vocabulary.SpecialTokens), "test", ["a", "b"], MetricKind.Accuracy, 0.0);

    private static PreparedTaskKey Key(int seed) => new(
        new TaskSpec("synthetic", null, null, null, "text", null, "label", 0.1, 0, new SyntheticTaskSpec(10, 5, 20, 0, seed)),
        new ModelSpec(null, 1, 16, 2, 32, 16, true), MetricKind.Accuracy, 100);

    [Fact]
    public void Get_EqualKeysConcurrently_PreparesOnce()
    {
        var cache = new PreparedTaskCache();
        var calls = 0;
        var results = new PreparedTask[8];

        Parallel.For(0, 8, i => results[i] = cache.Get(Key(1), _ =>
        {
            Interlocked.Increment(ref calls);
            return Dummy;
        }));

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Same(Dummy, r));
    }

    [Fact]
    public void Get_BeyondCapacity_DropsTheLeastRecentlyUsed()
    {
        var cache = new PreparedTaskCache(capacity: 2);
        var prepared = new List<int>();
        PreparedTask Prepare(PreparedTaskKey key)
        {
            prepared.Add(key.Task.Synthetic!.Seed);
            return Dummy;
        }

        cache.Get(Key(1), Prepare);
        cache.Get(Key(2), Prepare);
        cache.Get(Key(1), Prepare); // 1 is now the most recent
        cache.Get(Key(3), Prepare); // evicts 2
        cache.Get(Key(1), Prepare);
        cache.Get(Key(2), Prepare);

        Assert.Equal([1, 2, 3, 2], prepared);
    }

    [Fact]
    public void Get_FailedPreparation_IsRetriedNextTime()
    {
        var cache = new PreparedTaskCache();
        var attempts = 0;

        Assert.Throws<FileNotFoundException>(() => cache.Get(Key(1), _ =>
        {
            attempts++;
            throw new FileNotFoundException("missing");
        }));
        var second = cache.Get(Key(1), _ =>
        {
            attempts++;
            return Dummy;
        });

        Assert.Same(Dummy, second);
        Assert.Equal(2, attempts);
    }
}
