using System.Globalization;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Marks trials Diverged (never EarlyStopped or Failed). Three rules, each a <c>DecisionMade</c>
/// with action <c>diverged</c> and a stop command:
/// <list type="number">
/// <item>non-finite value of a loss metric (<c>loss</c>, <c>train_loss</c> or <c>loss_metric</c>) —
/// always on, even when no <c>divergence</c> policy is configured (<see cref="GuardOnly"/>);</item>
/// <item><c>loss_metric</c> strictly above <c>loss_factor</c> × the mean of the trial's first
/// <c>early_evaluations</c> values (journal order, a repeated step counted once), for every value
/// after those;</item>
/// <item>the validation metric at fraction ≥ <c>after_fraction</c> at or below the majority-class
/// baseline + <c>baseline_epsilon</c> (at or above baseline − ε for a minimized metric). The
/// baseline is the latest value of the metric <c>baseline_&lt;metric&gt;</c> the runner reported;
/// without one the rule is skipped.</item>
/// </list>
/// A trial that completes before the stop command reaches it still ends Diverged: divergence
/// describes the run, not when it stopped.
/// </summary>
internal sealed class DivergencePolicy(
    double lossFactor, int earlyEvaluations, double baselineEpsilon, double afterFraction, string lossMetric, bool configured) : IStoppingPolicy
{
    public const string PolicyName = "divergence";

    /// <summary>Loss names watched for non-finite values even without configuration.</summary>
    private static readonly string[] BuiltInLossNames = ["loss", "train_loss"];

    /// <summary>Only the non-finite rule: what runs when the spec configures no divergence policy.</summary>
    public static DivergencePolicy GuardOnly { get; } = new(10, 3, 0.01, 0.3, "loss", configured: false);

    public string Name => PolicyName;

    public double LossFactor => lossFactor;

    public int EarlyEvaluations => earlyEvaluations;

    public double BaselineEpsilon => baselineEpsilon;

    public double AfterFraction => afterFraction;

    public string LossMetric => lossMetric;

    /// <summary>False for <see cref="GuardOnly"/>: only the non-finite rule applies.</summary>
    public bool Configured => configured;

    public void OnMetric(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
        var isLoss = point.Name == lossMetric || BuiltInLossNames.Contains(point.Name);
        if (isLoss && !double.IsFinite(point.Value))
        {
            var e = Evidence.For(Name);
            e["rule"] = "non_finite";
            e["metric"] = point.Name;
            e["value"] = Evidence.Number(point.Value);
            e["step"] = point.Step;
            e["fraction"] = point.Fraction;
            var reason = string.Create(CultureInfo.InvariantCulture, $"non-finite {point.Name} ({point.Value}) at step {point.Step}");
            sweep.StopRunning(trial, Name, DecisionActions.Diverged, reason, Evidence.Write(e), fx);
            return;
        }

        if (!configured)
        {
            return;
        }

        if (point.Name == lossMetric)
        {
            CheckExplodingLoss(sweep, trial, point, fx);
        }
        else if (point.Name == sweep.Spec!.Metric.Name && point.Fraction >= afterFraction - MetricHistory.FractionSlack)
        {
            CheckBaseline(sweep, trial, point, fx);
        }
    }

    private void CheckExplodingLoss(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
        // The trial's first m values in journal order; a step repeated by a later attempt counts once.
        // The scan stops after m values, so a loss reported at every step stays cheap.
        var early = new List<MetricPoint>(earlyEvaluations);
        foreach (var m in trial.Series(lossMetric))
        {
            if (early.Count == earlyEvaluations)
            {
                break;
            }

            if (!early.Exists(e => e.Step == m.Step))
            {
                early.Add(m);
            }
        }

        if (early.Count < earlyEvaluations || early.Exists(e => e.Step == point.Step))
        {
            return;
        }

        var earlyMean = early.Average(m => m.Value);
        var threshold = lossFactor * earlyMean;
        if (!(point.Value > threshold))
        {
            return;
        }

        var e = Evidence.For(Name);
        e["rule"] = "loss_factor";
        e["metric"] = lossMetric;
        e["value"] = Evidence.Number(point.Value);
        e["step"] = point.Step;
        e["fraction"] = point.Fraction;
        e["early_mean"] = Evidence.Number(earlyMean);
        e["early_evaluations"] = earlyEvaluations;
        e["loss_factor"] = lossFactor;
        e["threshold"] = Evidence.Number(threshold);
        var reason = $"{lossMetric} {Evidence.Show(point.Value)} at step {point.Step.ToString(CultureInfo.InvariantCulture)} is above "
            + $"{Evidence.Show(lossFactor)} × its early mean {Evidence.Show(earlyMean)} (first {earlyEvaluations.ToString(CultureInfo.InvariantCulture)} values)";
        sweep.StopRunning(trial, Name, DecisionActions.Diverged, reason, Evidence.Write(e), fx);
    }

    private void CheckBaseline(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
        var metric = sweep.Spec!.Metric;
        if (MetricHistory.Latest(trial, "baseline_" + metric.Name) is not { } baseline || !double.IsFinite(baseline))
        {
            return;
        }

        var threshold = metric.Maximize ? baseline + baselineEpsilon : baseline - baselineEpsilon;
        var stuck = metric.Maximize ? point.Value <= threshold : point.Value >= threshold;
        if (!stuck)
        {
            return;
        }

        var e = Evidence.For(Name);
        e["rule"] = "baseline";
        e["metric"] = metric.Name;
        e["value"] = Evidence.Number(point.Value);
        e["step"] = point.Step;
        e["fraction"] = point.Fraction;
        e["baseline"] = Evidence.Number(baseline);
        e["epsilon"] = baselineEpsilon;
        e["threshold"] = Evidence.Number(threshold);
        var side = metric.Maximize ? "at or below" : "at or above";
        var sign = metric.Maximize ? "+" : "−";
        var reason = $"{metric.Name} {Evidence.Show(point.Value)} at fraction {Evidence.Show(point.Fraction)} is {side} the majority-class "
            + $"baseline {Evidence.Show(baseline)} {sign} {Evidence.Show(baselineEpsilon)}";
        sweep.StopRunning(trial, Name, DecisionActions.Diverged, reason, Evidence.Write(e), fx);
    }
}
