namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Rank correlations, e.g. between the validation score at a fraction f of training and the final score
/// (Dodge et al. 2020: rankings at 20–30 % of training predict the final ranking). Pairs are matched by
/// position. A correlation is null when it is undefined: fewer than two pairs, or one side constant.
/// </summary>
public static class RankCorrelation
{
    /// <summary>1-based ranks in ascending order; tied values share the average of their ranks.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = new int[values.Count];
        for (var i = 0; i < order.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Value {i} is {values[i]}; ranks need finite values.", nameof(values));
            }

            order[i] = i;
        }

        Array.Sort(order, (p, q) => values[p].CompareTo(values[q]));
        var ranks = new double[order.Length];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            // Positions start..end (0-based) hold ranks start+1..end+1; their average:
            var rank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    /// <summary>Spearman's ρ: the Pearson correlation of the average ranks (the tie-correct form).</summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPairs(x, y);
        return x.Count < 2 ? null : Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>
    /// Kendall's τ-b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)), with n₀ = n(n−1)/2 and n₁, n₂ the pairs tied in
    /// x and in y. O(n²) pair count; fine for the few thousand trials of a sweep.
    /// </summary>
    public static double? KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPairs(x, y);
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            for (var j = i + 1; j < x.Count; j++)
            {
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0)
                {
                    tiedX++;
                }

                if (dy == 0)
                {
                    tiedY++;
                }

                if (dx * dy > 0)
                {
                    concordant++;
                }
                else if (dx * dy < 0)
                {
                    discordant++;
                }
            }
        }

        var pairs = (long)x.Count * (x.Count - 1) / 2;
        var denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? null : (concordant - discordant) / denominator;
    }

    private static double? Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    private static void CheckPairs(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Paired samples differ in length ({x.Count} vs {y.Count}).", nameof(y));
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Pair {i} is ({x[i]}, {y[i]}); filter out non-finite values first.", nameof(x));
            }
        }
    }
}
