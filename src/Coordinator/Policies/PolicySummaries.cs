using System.Globalization;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Policies;

/// <summary>Renders built policies as <see cref="PolicySummary"/> records.</summary>
internal static class PolicySummaries
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static PolicySummary? Describe(IStoppingPolicy policy, ExperimentSpec spec, int trialCount, long? stepsPerRun) => policy switch
    {
        DivergencePolicy { Configured: false } => null,
        DivergencePolicy d => new PolicySummary(
            d.Name,
            $"Diverged on a non-finite loss; on {d.LossMetric} above {Show(d.LossFactor)} × the mean of its first {d.EarlyEvaluations} values; "
                + $"on {spec.Metric.Name} {(spec.Metric.Maximize ? "at or below" : "at or above")} the majority-class baseline "
                + $"{(spec.Metric.Maximize ? "+" : "−")} {Show(d.BaselineEpsilon)} from fraction {Show(d.AfterFraction)}",
            Settings(("loss_factor", Show(d.LossFactor)), ("early_evaluations", Show(d.EarlyEvaluations)),
                ("baseline_epsilon", Show(d.BaselineEpsilon)), ("after_fraction", Show(d.AfterFraction)), ("loss_metric", d.LossMetric)),
            null),
        DodgeCohortPolicy c => DescribeCohort(c, spec, trialCount, stepsPerRun),
        AshaPolicy a => new PolicySummary(
            a.Name,
            $"At fraction {Show(a.Fraction)} a trial continues if its {spec.Metric.Name} ranks within the top ceil(n·{a.Keep}/{a.Of}) "
                + "of the n trials that reached that fraction so far; otherwise EarlyStopped",
            Settings(("fraction", Show(a.Fraction)), ("keep", Show(a.Keep)), ("of", Show(a.Of))),
            null),
        MedianPolicy m => new PolicySummary(
            m.Name,
            $"From fraction {Show(m.WarmupFraction)}, a trial whose best {spec.Metric.Name} so far is worse than the median of the other "
                + $"trials' best at the same step is EarlyStopped (needs at least {m.MinTrials} others at that step)",
            Settings(("warmup_fraction", Show(m.WarmupFraction)), ("min_trials", Show(m.MinTrials))),
            null),
        _ => null,
    };

    private static PolicySummary DescribeCohort(DodgeCohortPolicy c, ExperimentSpec spec, int trialCount, long? stepsPerRun)
    {
        var t = c.TrialsPerCohort;
        var p = Math.Min(c.Keep, t);
        var cost = StartManyStopEarly.CostInFullRuns(t, c.Fraction, p);
        var cohorts = (Math.Max(1, trialCount) + t - 1) / t;
        var plan = new CohortPlanSummary(t, c.Fraction, p, c.Budget, cost, stepsPerRun is { } s ? cost * s : null, cohorts, c.PlanNote);
        var rule = c.Fraction >= 1
            ? $"The budget covers every trial of each cohort of {t}: all run to the end"
            : $"Each cohort of {t} trials pauses at fraction {Show(c.Fraction)}; the best {p} by {spec.Metric.Name} resume to the end, "
                + $"the others are EarlyStopped; cost {Show(cost)} full runs per cohort";
        var settings = new List<(string, string)> { ("fraction", Show(c.Fraction)), ("keep", Show(p)), ("cohort_size", Show(t)) };
        if (c.Budget is { } x)
        {
            settings.Add(("budget", Show(x)));
        }

        return new PolicySummary(c.Name, rule, Settings([.. settings]), plan);
    }

    private static List<KeyValuePair<string, string>> Settings(params (string Key, string Value)[] items) =>
        [.. items.Select(i => KeyValuePair.Create(i.Key, i.Value))];

    private static string Show(double value) => value.ToString("0.####", Inv);
}
