namespace SweepCluster.Shared.Tests.Statistics;

/// <summary>Independent references for EMP: plain enumeration, no shared code with the estimators.</summary>
internal static class BruteForceMax
{
    /// <summary>Mean and std of max over all Nⁿ equally likely ordered tuples (draws with replacement).</summary>
    public static (double Mean, double Std) OverTuples(double[] values, int n)
    {
        var maxima = new List<double>();
        var index = new int[n];
        while (true)
        {
            var max = double.NegativeInfinity;
            foreach (var i in index)
            {
                max = Math.Max(max, values[i]);
            }

            maxima.Add(max);
            var d = 0;
            while (d < n && ++index[d] == values.Length)
            {
                index[d] = 0;
                d++;
            }

            if (d == n)
            {
                return MeanStd(maxima);
            }
        }
    }

    /// <summary>Mean and std of max over all C(N, n) equally likely subsets (draws without replacement).</summary>
    public static (double Mean, double Std) OverSubsets(double[] values, int n)
    {
        var maxima = new List<double>();
        Subsets(values, n, 0, new List<double>(), maxima);
        return MeanStd(maxima);
    }

    /// <summary>E[max of n] from the exact law of the max of n i.i.d. draws from the empirical
    /// distribution: P(max = u) = F(u)ⁿ − F(u⁻)ⁿ over the distinct values u.</summary>
    public static double FromMaxDistribution(double[] values, int n)
    {
        var mean = 0.0;
        foreach (var u in values.Distinct())
        {
            var atMost = values.Count(v => v <= u) / (double)values.Length;
            var below = values.Count(v => v < u) / (double)values.Length;
            mean += u * (Math.Pow(atMost, n) - Math.Pow(below, n));
        }

        return mean;
    }

    private static void Subsets(double[] values, int n, int start, List<double> chosen, List<double> maxima)
    {
        if (chosen.Count == n)
        {
            maxima.Add(chosen.Max());
            return;
        }

        for (var i = start; i < values.Length; i++)
        {
            chosen.Add(values[i]);
            Subsets(values, n, i + 1, chosen, maxima);
            chosen.RemoveAt(chosen.Count - 1);
        }
    }

    private static (double Mean, double Std) MeanStd(List<double> xs)
    {
        var mean = xs.Average();
        var variance = xs.Sum(x => (x - mean) * (x - mean)) / xs.Count;
        return (mean, Math.Sqrt(variance));
    }
}
