namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Expected maximum validation performance (EMP): the expected best score among n trials, estimated
/// from N observed trial scores. Both estimators are weighted sums over the sorted scores
/// v(1) ≤ … ≤ v(N):
/// <list type="bullet">
/// <item><see cref="EmpEstimator.WithReplacement"/> (Dodge et al. 2019):
/// E[max of n] = Σᵢ v(i)·[(i/N)ⁿ − ((i−1)/N)ⁿ], any n ≥ 1. With ties the weights of a tied block
/// telescope to F(v)ⁿ − F(v⁻)ⁿ, the exact probability that the maximum equals v.</item>
/// <item><see cref="EmpEstimator.Unbiased"/> (Tang et al. 2020):
/// E[max of n] = Σⱼ v(j)·C(j−1, n−1)/C(N, n), n ≤ N: the average maximum over all size-n subsets.</item>
/// </list>
/// The standard deviation uses the same weights: Σ w·v² − (Σ w·v)². For the unbiased form this is the
/// U-statistic of E[max²] minus the square of the U-statistic of E[max], i.e. the exact standard
/// deviation of the maximum of a uniformly random size-n subset; it is computed in the centred form
/// Σ w·(v − mean)², equal when the weights sum to 1, which never goes negative and does not cancel.
/// For n ≤ N the with-replacement value never exceeds the unbiased one: a with-replacement sample of n
/// has k ≤ n distinct members forming a uniform k-subset, and the subset mean maximum grows with k.
/// A minimized metric (<c>maximize: false</c>) gives the expected minimum: the estimators run on the
/// negated scores and the result is negated back.
/// </summary>
public static partial class ExpectedMaxPerformance
{
    /// <summary>Dodge et al. (2019) estimate for n trials drawn with replacement; n may exceed N.</summary>
    public static EmpEstimate WithReplacement(IReadOnlyList<double> scores, int n, bool maximize = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var sorted = OrientedSorted(scores, maximize);
        var weights = new double[sorted.Length];
        WithReplacementWeights(n, weights);
        return Orient(WeightedMoments(sorted, weights), maximize);
    }

    /// <summary>Tang et al. (2020) unbiased estimate for n ≤ N trials.</summary>
    public static EmpEstimate Unbiased(IReadOnlyList<double> scores, int n, bool maximize = true)
    {
        var sorted = OrientedSorted(scores, maximize);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, sorted.Length);
        var weights = new double[sorted.Length];
        UnbiasedWeights(n, weights);
        return Orient(WeightedMoments(sorted, weights), maximize);
    }

    /// <summary>
    /// The EMP curve for n = 1 … <see cref="EmpOptions.MaxTrials"/> (default N), with the optional
    /// bootstrap band and compute axis of <paramref name="options"/>.
    /// </summary>
    public static EmpCurve Curve(IReadOnlyList<double> scores, EmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sorted = OrientedSorted(scores, options.Maximize);
        var maxN = options.MaxTrials ?? sorted.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxN, 1, nameof(options));
        if (options.Estimator == EmpEstimator.Unbiased && maxN > sorted.Length)
        {
            throw new ArgumentException(
                $"The unbiased estimator is defined for n ≤ N = {sorted.Length}; MaxTrials is {maxN}.", nameof(options));
        }

        var meanCost = options.TrialCosts is null ? (double?)null : MeanCost(options.TrialCosts);
        var band = options.Bootstrap is null ? null : BootstrapBand(sorted, options.Estimator, maxN, options.Bootstrap);
        var weights = new double[sorted.Length];
        var points = new EmpPoint[maxN];
        for (var n = 1; n <= maxN; n++)
        {
            if (options.Estimator == EmpEstimator.WithReplacement)
            {
                WithReplacementWeights(n, weights);
            }
            else
            {
                UnbiasedWeights(n, weights);
            }

            var estimate = Orient(WeightedMoments(sorted, weights), options.Maximize);
            double? low = null, high = null;
            if (band is not null)
            {
                // On the oriented (negated) scale the lower percentile of a minimized metric is the upper one.
                low = options.Maximize ? band.Low[n - 1] : -band.High[n - 1];
                high = options.Maximize ? band.High[n - 1] : -band.Low[n - 1];
            }

            points[n - 1] = new EmpPoint(n, estimate.Mean, estimate.Std, low, high, n * meanCost);
        }

        return new EmpCurve(points);
    }

    /// <summary>wᵢ = (i/N)ⁿ − ((i−1)/N)ⁿ for i = 1 … N, written into <paramref name="weights"/>.</summary>
    internal static void WithReplacementWeights(int n, Span<double> weights)
    {
        var count = (double)weights.Length;
        var previous = 0.0;
        for (var i = 1; i <= weights.Length; i++)
        {
            var current = i == weights.Length ? 1.0 : Math.Pow(i / count, n);
            weights[i - 1] = current - previous;
            previous = current;
        }
    }

    /// <summary>
    /// wⱼ = C(j−1, n−1)/C(N, n) for j = 1 … N by the recurrence w_N = n/N, w_(j−1) = w_j·(j−n)/(j−1):
    /// every factor is in [0, 1], so nothing overflows for large N; weights decrease with j, so the
    /// recurrence stops once they fall below 1e-300 (the rest stay zero).
    /// </summary>
    internal static void UnbiasedWeights(int n, Span<double> weights)
    {
        var count = weights.Length;
        weights.Clear();
        var w = (double)n / count;
        weights[count - 1] = w;
        for (var j = count; j > n && w >= Negligible; j--)
        {
            w *= (double)(j - n) / (j - 1);
            weights[j - 2] = w;
        }
    }

    private static EmpEstimate WeightedMoments(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        var mean = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            mean += weights[i] * values[i];
        }

        var variance = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var d = values[i] - mean;
            variance += weights[i] * d * d;
        }

        return new EmpEstimate(mean, Math.Sqrt(Math.Max(0.0, variance)));
    }

    private static EmpEstimate Orient(EmpEstimate estimate, bool maximize) =>
        maximize ? estimate : estimate with { Mean = -estimate.Mean };

    /// <summary>Scores sorted ascending; negated first for a minimized metric so "best" is always the max.</summary>
    internal static double[] OrientedSorted(IReadOnlyList<double> scores, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("At least one score is needed.", nameof(scores));
        }

        var sorted = new double[scores.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var s = scores[i];
            if (!double.IsFinite(s))
            {
                throw new ArgumentException($"Score {i} is {s}; filter out non-finite scores first.", nameof(scores));
            }

            sorted[i] = maximize ? s : -s;
        }

        Array.Sort(sorted);
        return sorted;
    }

    private static double MeanCost(IReadOnlyList<double> costs)
    {
        if (costs.Count == 0)
        {
            throw new ArgumentException("TrialCosts is empty; pass null for no compute axis.", nameof(costs));
        }

        var sum = 0.0;
        foreach (var c in costs)
        {
            if (!double.IsFinite(c) || c < 0)
            {
                throw new ArgumentException($"Trial cost {c} is not a finite non-negative number.", nameof(costs));
            }

            sum += c;
        }

        return sum / costs.Count;
    }
}
