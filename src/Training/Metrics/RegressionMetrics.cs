namespace SweepCluster.Training.Metrics;

/// <summary>
/// Correlation metrics in double precision, matching SciPy's <c>pearsonr</c> and <c>spearmanr</c> (what the
/// Hugging Face GLUE metrics call). Both are symmetric in their arguments.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>
    /// Pearson's r = Σ(x−x̄)(y−ȳ) / sqrt(Σ(x−x̄)² · Σ(y−ȳ)²), clamped to [−1, 1]. Like SciPy, returns NaN when
    /// either input is constant (the correlation is undefined there). Needs at least two values.
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckInputs(x, y);
        var meanX = Mean(x);
        var meanY = Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        if (sxx == 0 || syy == 0)
        {
            return double.NaN;
        }

        var r = sxy / (Math.Sqrt(sxx) * Math.Sqrt(syy));
        return Math.Clamp(r, -1.0, 1.0);
    }

    /// <summary>
    /// Spearman's ρ: Pearson's r of the ranks, ties receiving the average of the ranks they span (SciPy's
    /// <c>rankdata(method="average")</c>). NaN when either input is constant.
    /// </summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckInputs(x, y);
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>One-based ranks with ties averaged, e.g. [10, 20, 20, 5] → [2, 3.5, 3.5, 1].</summary>
    internal static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var order = new int[values.Length];
        var keys = values.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Array.Sort is unstable, but tied values all receive the same averaged rank, so order among them is moot.
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            // Positions start..end-1 hold one tied value: ranks start+1..end, whose mean is (start+1+end)/2.
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private static void CheckInputs(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Inputs differ in length: {x.Length} and {y.Length}.");
        }

        if (x.Length < 2)
        {
            throw new ArgumentException("A correlation needs at least two values.");
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Non-finite value at {i}: {x[i]}, {y[i]}.");
            }
        }
    }
}
