using System.Globalization;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Asynchronous promotion (ASHA-style), without waiting: at its first validation report at fraction
/// ≥ f a trial is ranked among the n trials of the sweep that have reached f so far (itself
/// included), each by its value at its own first report at fraction ≥ f. It continues when its rank
/// is within the top ceil(n·p/t), otherwise it stops (EarlyStopped). Ties rank in expansion order;
/// a non-finite value ranks last. Decided once per trial (a journaled <c>asha</c> decision is final).
/// </summary>
internal sealed class AshaPolicy(double fraction, int keep, int of) : IStoppingPolicy
{
    public const string PolicyName = "asha";

    public string Name => PolicyName;

    public double Fraction => fraction;

    public int Keep => keep;

    public int Of => of;

    public void OnMetric(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
        var metric = sweep.Spec!.Metric;
        if (point.Name != metric.Name || point.Fraction < fraction - MetricHistory.FractionSlack || trial.HasDecision(Name))
        {
            return;
        }

        var reached = new List<(TrialRecord, double?)>();
        foreach (var t in sweep.Trials)
        {
            if (MetricHistory.FirstAtFraction(t, metric.Name, fraction) is { } first)
            {
                reached.Add((t, first.Value));
            }
        }

        var ranked = MetricHistory.Rank(reached, metric.Maximize);
        var rank = ranked.FindIndex(r => ReferenceEquals(r.Trial, trial)) + 1;
        var n = ranked.Count;
        var threshold = (int)Math.Ceiling((double)n * keep / of);
        var value = MetricHistory.FirstAtFraction(trial, metric.Name, fraction)!.Value.Value;

        var e = Evidence.For(Name);
        e["metric"] = metric.Name;
        e["value"] = Evidence.Number(value);
        e["fraction"] = fraction;
        e["step"] = point.Step;
        e["rank"] = rank;
        e["n"] = n;
        e["threshold"] = threshold;
        e["keep"] = keep;
        e["of"] = of;
        var inv = CultureInfo.InvariantCulture;
        var standing = string.Create(inv, $"rank {rank} of {n} by {metric.Name} at fraction {Evidence.Show(fraction)} ({Evidence.Show(value)})");
        if (rank <= threshold)
        {
            var reason = string.Create(inv, $"{standing} is within the top {threshold} (ceil({n}·{keep}/{of})): continue");
            sweep.RecordDecision(trial, Name, DecisionActions.Continue, reason, Evidence.Write(e), fx);
        }
        else
        {
            var reason = string.Create(inv, $"{standing} is outside the top {threshold} (ceil({n}·{keep}/{of}))");
            sweep.StopRunning(trial, Name, DecisionActions.Stop, reason, Evidence.Write(e), fx);
        }
    }
}
