using SweepCluster.Shared.Trials;

namespace SweepCluster.Shared.Specs;

/// <summary>
/// Turns a spec into its trials. The result is a pure function of the spec: the same spec gives
/// the same keys in the same order on every machine and run, which is what lets a restarted
/// coordinator and the journal agree on the trial set.
/// </summary>
public static class SpecExpansion
{
    /// <summary>Number of hyperparameter configurations: the product of the grid axes' sizes, 1 without a grid.</summary>
    public static int ConfigCount(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return checked(spec.Grid.Aggregate(1, (count, axis) => count * axis.Values.Count));
    }

    /// <summary>
    /// The training settings of configuration <paramref name="configIndex"/>: <see cref="ExperimentSpec.Training"/>
    /// with the grid values applied. Configurations enumerate the cartesian product with the first
    /// axis outermost (the last axis changes fastest).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in [0, <see cref="ConfigCount"/>).</exception>
    /// <exception cref="ArgumentException">A grid axis names no training field.</exception>
    public static TrainingSpec ConfigFor(ExperimentSpec spec, int configIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(configIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(configIndex, ConfigCount(spec));
        var training = spec.Training;
        var remainder = configIndex;
        for (var a = spec.Grid.Count - 1; a >= 0; a--)
        {
            var axis = spec.Grid[a];
            var field = TrainingFields.Find(axis.Field)
                ?? throw new ArgumentException($"Grid axis '{axis.Field}' is not a training field.", nameof(spec));
            training = field.With(training, axis.Values[remainder % axis.Values.Count]);
            remainder /= axis.Values.Count;
        }

        return training;
    }

    /// <summary>
    /// Every trial of the sweep: configuration index outermost, then the init seed in the order
    /// given, then the order seed in the order given. For the <c>random</c> design the same
    /// <see cref="SeedSpec.Pairs"/> seed pairs (drawn once, see <see cref="SeedPairs"/>) are used
    /// for every configuration.
    /// </summary>
    public static IReadOnlyList<TrialKey> Expand(ExperimentSpec spec, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(sweepId);
        var configs = ConfigCount(spec);
        var pairs = SeedPairs(spec.Seeds);
        var keys = new List<TrialKey>(checked(configs * pairs.Count));
        for (var c = 0; c < configs; c++)
        {
            foreach (var (init, order) in pairs)
            {
                keys.Add(new TrialKey(sweepId, c, init, order));
            }
        }

        return keys;
    }

    /// <summary>
    /// The (init, order) seed pairs in factorial order. For <c>random</c>, <see cref="SeedSpec.Pairs"/>
    /// of the |init|·|order| factorial positions are drawn without replacement by a partial
    /// Fisher–Yates shuffle driven by SplitMix64 seeded with <see cref="SeedSpec.SampleSeed"/>
    /// (sign-extended to 64 bits), then kept in factorial order.
    /// </summary>
    /// <exception cref="ArgumentException">The design is unknown, or <c>random</c> without a valid pair count.</exception>
    public static IReadOnlyList<(int Init, int Order)> SeedPairs(SeedSpec seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var total = checked(seeds.Init.Count * seeds.Order.Count);
        IEnumerable<int> positions = seeds.Design switch
        {
            "factorial" => Enumerable.Range(0, total),
            "random" when seeds.Pairs is { } count && count >= 1 && count <= total =>
                DrawPositions(total, count, seeds.SampleSeed),
            "random" => throw new ArgumentException(
                $"The random design needs 1..{total} pairs, got {seeds.Pairs}.", nameof(seeds)),
            _ => throw new ArgumentException($"Unknown seed design '{seeds.Design}'.", nameof(seeds)),
        };

        return [.. positions.Select(p => (seeds.Init[p / seeds.Order.Count], seeds.Order[p % seeds.Order.Count]))];
    }

    private static int[] DrawPositions(int total, int count, int sampleSeed)
    {
        var rng = new SplitMix64(unchecked((ulong)(long)sampleSeed));
        var positions = new int[total];
        for (var i = 0; i < total; i++)
        {
            positions[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = i + (int)rng.NextBelow((ulong)(total - i));
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }

        var drawn = positions[..count];
        Array.Sort(drawn);
        return drawn;
    }
}
