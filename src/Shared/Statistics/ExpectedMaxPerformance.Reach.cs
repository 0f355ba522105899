namespace SweepCluster.Shared.Statistics;

public static partial class ExpectedMaxPerformance
{
    // Relative slack so that a curve reaching the target exactly (e.g. the unbiased curve at n = N,
    // which equals the observed best) is not missed by a rounding bit.
    private const double ReachSlack = 1e-12;

    /// <summary>
    /// The smallest n ≤ <paramref name="maxTrials"/> whose expected best of n trials reaches
    /// <paramref name="target"/> (≥ for a maximized metric, ≤ for a minimized one); null when none does.
    /// Both curves grow with n, so this is the "how many full trainings give that score on average"
    /// inverse of the EMP curve. <paramref name="maxTrials"/> defaults to N and may exceed it only for
    /// <see cref="EmpEstimator.WithReplacement"/>.
    /// </summary>
    public static int? TrialsToReach(IReadOnlyList<double> scores, double target, EmpEstimator estimator, bool maximize = true, int? maxTrials = null)
    {
        if (!double.IsFinite(target))
        {
            throw new ArgumentException($"Target {target} is not finite.", nameof(target));
        }

        var sorted = OrientedSorted(scores, maximize);
        var limit = maxTrials ?? sorted.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(maxTrials));
        if (estimator == EmpEstimator.Unbiased)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, sorted.Length, nameof(maxTrials));
        }

        var oriented = maximize ? target : -target;
        var needed = oriented - (ReachSlack * Math.Max(1, Math.Abs(oriented)));
        var weights = new double[sorted.Length];
        for (var n = 1; n <= limit; n++)
        {
            if (estimator == EmpEstimator.WithReplacement)
            {
                WithReplacementWeights(n, weights);
            }
            else
            {
                UnbiasedWeights(n, weights);
            }

            if (WeightedMoments(sorted, weights).Mean >= needed)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>
    /// The expected best at a compute budget of <paramref name="fullRuns"/> full training runs, which
    /// need not be whole: linear interpolation between the curve at ⌊x⌋ and ⌈x⌉ (x ≥ 1; x ≤ N for
    /// <see cref="EmpEstimator.Unbiased"/>). Compares a policy whose cost is a fractional number of full
    /// runs (e.g. start many, stop early) with training that many trials to the end.
    /// </summary>
    public static double AtFullRuns(IReadOnlyList<double> scores, double fullRuns, EmpEstimator estimator, bool maximize = true)
    {
        if (!(fullRuns >= 1) || !double.IsFinite(fullRuns))
        {
            throw new ArgumentOutOfRangeException(nameof(fullRuns), fullRuns, "Must be a finite number of full runs ≥ 1.");
        }

        var lower = (int)Math.Floor(fullRuns);
        var upper = (int)Math.Ceiling(fullRuns);
        EmpEstimate At(int n) => estimator == EmpEstimator.WithReplacement ? WithReplacement(scores, n, maximize) : Unbiased(scores, n, maximize);
        var low = At(lower).Mean;
        return upper == lower ? low : low + ((fullRuns - lower) * (At(upper).Mean - low));
    }
}
