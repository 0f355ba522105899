using System.Globalization;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// The median stopping rule. At each validation report at step s and fraction ≥ the warm-up
/// fraction, the trial's best value so far (steps ≤ s) is compared with the median of the other
/// trials' best-so-far at s; the others counted are those that reported the metric at some step
/// ≥ s, each taken over its values at steps ≤ s. With fewer than <c>min_trials</c> such others the
/// rule waits. A trial strictly worse than the median stops (EarlyStopped); otherwise nothing is
/// recorded (the rule is asked again at the next report).
/// </summary>
internal sealed class MedianPolicy(double warmupFraction, int minTrials) : IStoppingPolicy
{
    public const string PolicyName = "median";

    public string Name => PolicyName;

    public double WarmupFraction => warmupFraction;

    public int MinTrials => minTrials;

    public void OnMetric(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
        var metric = sweep.Spec!.Metric;
        if (point.Name != metric.Name || point.Fraction < warmupFraction - MetricHistory.FractionSlack)
        {
            return;
        }

        if (MetricHistory.BestAtOrBefore(trial, metric.Name, point.Step, metric.Maximize) is not { } best)
        {
            return;
        }

        var others = new List<double>();
        foreach (var t in sweep.Trials)
        {
            if (!ReferenceEquals(t, trial) && MetricHistory.Reached(t, metric.Name, point.Step)
                && MetricHistory.BestAtOrBefore(t, metric.Name, point.Step, metric.Maximize) is { } v)
            {
                others.Add(v);
            }
        }

        if (others.Count < minTrials)
        {
            return;
        }

        var median = Median(others);
        if (!MetricHistory.IsBetter(median, best, metric.Maximize))
        {
            return;
        }

        var e = Evidence.For(Name);
        e["metric"] = metric.Name;
        e["value"] = Evidence.Number(best);
        e["step"] = point.Step;
        e["fraction"] = point.Fraction;
        e["threshold"] = Evidence.Number(median);
        e["n"] = others.Count;
        var inv = CultureInfo.InvariantCulture;
        var side = metric.Maximize ? "below" : "above";
        var reason = string.Create(inv,
            $"best {metric.Name} so far {Evidence.Show(best)} at step {point.Step} is {side} the median {Evidence.Show(median)} of {others.Count} other trials at that step");
        sweep.StopRunning(trial, Name, DecisionActions.Stop, reason, Evidence.Write(e), fx);
    }

    /// <summary>The median: the middle value, or the mean of the two middle values.</summary>
    internal static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
