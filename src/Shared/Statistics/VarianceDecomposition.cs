namespace SweepCluster.Shared.Statistics;

/// <summary>
/// How much of the score variance comes from the weight-initialization (WI) seed and how much from the
/// data-order (DO) seed (Dodge et al. 2020): per-factor expected standard deviations, which tolerate
/// missing cells, and a two-way ANOVA, which needs a complete factorial.
/// </summary>
public static partial class VarianceDecomposition
{
    /// <summary>
    /// Expected std due to each factor. Scores are first reduced to one value per (WI, DO) cell, the mean
    /// of the cell's scores (several configs or repeats in a cell would otherwise add their own spread).
    /// "Due to DO": for each WI seed, the sample std (n − 1) of its cell values across the DO seeds it
    /// has; averaged over WI seeds. "Due to WI" is the reverse. Missing cells are simply absent from
    /// their groups; a group left with fewer than two cells has no sample std and is skipped and counted
    /// in <see cref="FactorSpread.GroupsSkipped"/>.
    /// </summary>
    public static ExpectedStdByFactor ExpectedStd(IReadOnlyList<SeedScore> scores)
    {
        var cells = CellMeans(scores);
        var dueToInit = Spread(cells.GroupBy(c => c.Key.Order, c => c.Value));
        var dueToOrder = Spread(cells.GroupBy(c => c.Key.Init, c => c.Value));
        return new ExpectedStdByFactor(dueToInit, dueToOrder);
    }

    /// <summary>Sample standard deviation (n − 1 denominator), two-pass.</summary>
    internal static double SampleStd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / (values.Count - 1));
    }

    private static FactorSpread Spread(IEnumerable<IGrouping<int, double>> groups)
    {
        var total = 0.0;
        int used = 0, skipped = 0, cells = 0;
        foreach (var group in groups)
        {
            var values = group.ToList();
            if (values.Count < 2)
            {
                skipped++;
                continue;
            }

            total += SampleStd(values);
            used++;
            cells += values.Count;
        }

        return new FactorSpread(used == 0 ? null : total / used, used, skipped, cells);
    }

    private static Dictionary<(int Init, int Order), double> CellMeans(IReadOnlyList<SeedScore> scores)
    {
        ValidateScores(scores);
        return scores
            .GroupBy(s => (s.InitSeed, s.OrderSeed))
            .ToDictionary(g => g.Key, g => g.Average(s => s.Score));
    }

    internal static void ValidateScores(IReadOnlyList<SeedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("At least one score is needed.", nameof(scores));
        }

        foreach (var s in scores)
        {
            if (!double.IsFinite(s.Score))
            {
                throw new ArgumentException(
                    $"Score of WI {s.InitSeed} × DO {s.OrderSeed} is {s.Score}; filter out non-finite scores first.", nameof(scores));
            }
        }
    }
}
