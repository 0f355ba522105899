using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Data;

/// <summary>
/// The order in which training examples are visited: one seeded permutation per epoch, driven
/// by the trial's data-order (DO) seed and by nothing else.
/// </summary>
/// <remarks>
/// Each epoch's permutation is a Fisher–Yates shuffle of 0…N−1 drawn from a generator seeded by
/// (order seed, epoch) alone — <c>Rng.ForStream("data-order/epoch-{epoch}", orderSeed)</c> — never
/// from a generator carried over from earlier epochs. So the example at (epoch, position) is a
/// pure function of (orderSeed, N, epoch, position): resuming a checkpoint taken at (epoch,
/// position) needs only those numbers, no RNG state and no replay of earlier epochs, and the resumed
/// run visits exactly the examples the uninterrupted run would have. Weight-init and dropout
/// draws use other streams, so they cannot shift the order either.
/// </remarks>
public sealed class DataOrder
{
    private int _cachedEpoch = -1;
    private int[] _cached = [];

    /// <summary>Creates the order of <paramref name="exampleCount"/> training examples for one DO seed.</summary>
    public DataOrder(int exampleCount, long orderSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exampleCount);
        ExampleCount = exampleCount;
        OrderSeed = orderSeed;
    }

    /// <summary>Number of training examples.</summary>
    public int ExampleCount { get; }

    /// <summary>The data-order seed.</summary>
    public long OrderSeed { get; }

    /// <summary>The visiting order of epoch <paramref name="epoch"/> (0-based): a fresh array holding a permutation of 0…N−1.</summary>
    public int[] PermutationForEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var permutation = new int[ExampleCount];
        for (var i = 0; i < permutation.Length; i++)
        {
            permutation[i] = i;
        }

        Rng.ForStream($"data-order/epoch-{epoch}", OrderSeed).Shuffle(permutation.AsSpan());
        return permutation;
    }

    /// <summary>Number of batches per epoch; the last one may be short (no example is dropped).</summary>
    public int BatchesPerEpoch(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return (ExampleCount + batchSize - 1) / batchSize;
    }

    /// <summary>
    /// Example indices of batch <paramref name="batchIndex"/> of <paramref name="epoch"/>: positions
    /// <c>batchIndex × batchSize</c> onward of that epoch's permutation. The permutation of the
    /// most recent epoch is cached, so this is cheap to call batch by batch. Not thread-safe.
    /// </summary>
    public ReadOnlySpan<int> Batch(int epoch, int batchIndex, int batchSize)
    {
        var batches = BatchesPerEpoch(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, batches);
        if (epoch != _cachedEpoch)
        {
            _cached = PermutationForEpoch(epoch);
            _cachedEpoch = epoch;
        }

        var start = batchIndex * batchSize;
        return _cached.AsSpan(start, Math.Min(batchSize, ExampleCount - start));
    }
}
