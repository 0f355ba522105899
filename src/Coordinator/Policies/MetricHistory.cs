using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Queries on a trial's journaled metric history (all attempts: steps are training steps, so a
/// resumed attempt continues the same axis, and a repeated step carries the same value).
/// </summary>
internal static class MetricHistory
{
    /// <summary>Slack for comparing fractions computed as step/total.</summary>
    public const double FractionSlack = 1e-9;

    /// <summary>The value at the highest step reported for <paramref name="name"/>, or null.</summary>
    public static double? Latest(TrialRecord trial, string name) => LatestAtOrBefore(trial, name, long.MaxValue)?.Value;

    /// <summary>The point with the highest step ≤ <paramref name="step"/>, or null.</summary>
    public static MetricPoint? LatestAtOrBefore(TrialRecord trial, string name, long step)
    {
        MetricPoint? best = null;
        foreach (var m in trial.Series(name))
        {
            if (m.Step <= step && (best is null || m.Step >= best.Value.Step))
            {
                best = m;
            }
        }

        return best;
    }

    /// <summary>The best finite value at steps ≤ <paramref name="step"/>, or null.</summary>
    public static double? BestAtOrBefore(TrialRecord trial, string name, long step, bool maximize)
    {
        double? best = null;
        foreach (var m in trial.Series(name))
        {
            if (m.Step <= step && double.IsFinite(m.Value) && (best is null || IsBetter(m.Value, best.Value, maximize)))
            {
                best = m.Value;
            }
        }

        return best;
    }

    /// <summary>The first point (lowest step) at fraction ≥ <paramref name="fraction"/>, or null.</summary>
    public static MetricPoint? FirstAtFraction(TrialRecord trial, string name, double fraction)
    {
        MetricPoint? first = null;
        foreach (var m in trial.Series(name))
        {
            if (m.Fraction >= fraction - FractionSlack && (first is null || m.Step < first.Value.Step))
            {
                first = m;
            }
        }

        return first;
    }

    /// <summary>True when some point of <paramref name="name"/> is at step ≥ <paramref name="step"/>.</summary>
    public static bool Reached(TrialRecord trial, string name, long step) => trial.Series(name).Any(m => m.Step >= step);

    /// <summary>
    /// Training steps of a full run, inferred as step/fraction from any metric with a positive
    /// fraction (runners report fraction = step/total); null when no such metric exists yet.
    /// </summary>
    public static long? StepsPerRun(IEnumerable<TrialRecord> trials)
    {
        foreach (var t in trials)
        {
            foreach (var m in t.Metrics)
            {
                if (m.Fraction > 0 && m.Step > 0)
                {
                    return (long)Math.Round(m.Step / m.Fraction);
                }
            }
        }

        return null;
    }

    public static bool IsBetter(double a, double b, bool maximize) => maximize ? a > b : a < b;

    /// <summary>
    /// Orders trials best first: finite values by the metric's direction, then trials without a
    /// finite value; ties (and the valueless) in expansion order.
    /// </summary>
    public static List<(TrialRecord Trial, double? Value)> Rank(IEnumerable<(TrialRecord Trial, double? Value)> entries, bool maximize)
    {
        var list = entries.ToList();
        list.Sort((a, b) =>
        {
            var fa = a.Value is { } va && double.IsFinite(va);
            var fb = b.Value is { } vb && double.IsFinite(vb);
            if (fa != fb)
            {
                return fa ? -1 : 1;
            }

            if (fa && a.Value!.Value != b.Value!.Value)
            {
                return IsBetter(a.Value.Value, b.Value.Value, maximize) ? -1 : 1;
            }

            return a.Trial.Order.CompareTo(b.Trial.Order);
        });
        return list;
    }
}
