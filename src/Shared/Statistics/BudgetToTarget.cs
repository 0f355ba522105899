namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Budget to target: with trials drawn i.i.d. from the empirical distribution of N observed scores,
/// P(best of n ≥ θ) = 1 − qⁿ with q = F(θ⁻) the fraction of scores strictly below θ (a score equal to θ
/// reaches it). The smallest n with 1 − qⁿ ≥ 1 − α is n = ⌈log α / log q⌉ (at least 1).
/// <see cref="BudgetEstimate.Trials"/> is found by checking qⁿ ≤ α directly, with α given a relative slack
/// of 1e-12 so that exact boundaries survive rounding (0.1³ evaluates to 0.0010000000000000002 &gt; 0.001).
/// </summary>
public static class BudgetToTarget
{
    private const double RelativeSlack = 1e-12;

    /// <summary>Trials needed so that the best of them reaches <paramref name="target"/> with
    /// probability ≥ 1 − <paramref name="alpha"/>. For a minimized metric "reaches" means ≤ θ.</summary>
    public static BudgetEstimate Estimate(IReadOnlyList<double> scores, double target, double alpha = 0.05, bool maximize = true)
    {
        var sorted = ExpectedMaxPerformance.OrientedSorted(scores, maximize);
        if (!double.IsFinite(target))
        {
            throw new ArgumentException($"Target {target} is not finite.", nameof(target));
        }

        CheckAlpha(alpha);
        var oriented = maximize ? target : -target;
        var below = 0;
        while (below < sorted.Length && sorted[below] < oriented)
        {
            below++;
        }

        var q = (double)below / sorted.Length;
        var reaching = sorted.Length - below;
        return reaching == 0
            ? new BudgetEstimate(null, null, q, 0, sorted.Length, alpha)
            : new BudgetEstimate(SmallestTrials(q, alpha), ClosedForm(q, alpha), q, reaching, sorted.Length, alpha);
    }

    /// <summary>n = max(1, ⌈log α / log q⌉) for a per-trial miss probability q in [0, 1); null for q = 1.</summary>
    public static int? ClosedForm(double missProbability, double alpha)
    {
        CheckAlpha(alpha);
        if (!(missProbability >= 0 && missProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(missProbability), missProbability, "Must be in [0, 1].");
        }

        if (missProbability == 1)
        {
            return null;
        }

        return missProbability == 0 ? 1 : Math.Max(1, (int)Math.Ceiling(Math.Log(alpha) / Math.Log(missProbability)));
    }

    /// <summary>The defining search: start at the closed form and step until qⁿ ≤ α &lt; qⁿ⁻¹.</summary>
    private static int SmallestTrials(double q, double alpha)
    {
        var limit = alpha * (1 + RelativeSlack);
        var n = ClosedForm(q, alpha)!.Value;
        while (n > 1 && Math.Pow(q, n - 1) <= limit)
        {
            n--;
        }

        while (Math.Pow(q, n) > limit)
        {
            n++;
        }

        return n;
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Must be in (0, 1).");
        }
    }
}
