using System.Globalization;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Statistics;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Dodge et al.'s "start many, stop early, continue some". Trials are grouped into cohorts of t
/// consecutive trials in expansion order (one cohort of every trial by default). Each attempt starts
/// with a journaled <c>pause</c> decision and <c>PauseAtFraction = f</c>: it checkpoints at fraction f
/// and releases its slot. When every trial of a cohort is Paused or terminal, the paused ones are
/// ranked by their validation metric at the first report at fraction ≥ f (ties and trials without a
/// finite value: expansion order, the latter last); the best p are resumed from their checkpoints as
/// the next attempt and run to the end without pausing, the others end EarlyStopped. With p or fewer
/// paused trials all of them continue. The check runs whenever a trial of the cohort settles and when
/// the sweep recovers from its journal; a trial with a journaled resume or stop verdict is never
/// ranked again, so the decision is made exactly once.
/// </summary>
internal sealed class DodgeCohortPolicy(double fraction, int keep, int trialsPerCohort, double? budget, string? planNote) : IStoppingPolicy
{
    public const string PolicyName = "dodge_cohort";

    public string Name => PolicyName;

    /// <summary>f: the fraction at which trials pause. 1 (a budget that covers every trial) disables pausing.</summary>
    public double Fraction => fraction;

    /// <summary>p: trials of a cohort resumed to the end.</summary>
    public int Keep => keep;

    /// <summary>t: trials per cohort (the last cohort may be smaller).</summary>
    public int TrialsPerCohort => trialsPerCohort;

    /// <summary>x: the budget in full runs the planner used, or null when f and p were given.</summary>
    public double? Budget => budget;

    /// <summary>The planner's note, if any.</summary>
    public string? PlanNote => planNote;

    private bool Pauses => fraction < 1;

    public double? OnAssigning(SweepState sweep, TrialRecord trial, Effects fx)
    {
        if (!Pauses || HasVerdict(trial))
        {
            return null;
        }

        var cohort = trial.Order / trialsPerCohort;
        var e = Evidence.For(Name);
        e["fraction"] = fraction;
        e["cohort"] = cohort;
        e["plan"] = PlanJson(trialsPerCohort, null);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"cohort {cohort}: pause at fraction {Evidence.Show(fraction)} until the cohort can be ranked (keep {keep})");
        sweep.RecordDecision(trial, Name, DecisionActions.Pause, reason, Evidence.Write(e), fx);
        return fraction;
    }

    public bool IsPolicyPause(TrialRecord trial, long steps) =>
        Pauses && !HasVerdict(trial)
        && (trial.Metrics.Any(m => m.Attempt == trial.Attempt && m.Fraction >= fraction - MetricHistory.FractionSlack)
            || (trial.TotalSteps > 0 && steps >= (fraction * trial.TotalSteps) - MetricHistory.FractionSlack));

    public void OnSettled(SweepState sweep, TrialRecord trial, Effects fx) => TryDecide(sweep, trial.Order / trialsPerCohort, fx);

    public void OnRecovered(SweepState sweep, Effects fx)
    {
        var cohorts = (sweep.Trials.Count + trialsPerCohort - 1) / trialsPerCohort;
        for (var c = 0; c < cohorts; c++)
        {
            TryDecide(sweep, c, fx);
        }
    }

    /// <summary>(t·f + p·(1 − f)) in full runs, and times s in steps when s is known.</summary>
    public JsonObject PlanJson(int t, long? stepsPerRun)
    {
        var p = Math.Min(keep, t);
        var cost = StartManyStopEarly.CostInFullRuns(t, Math.Min(fraction, 1), p);
        var plan = new JsonObject
        {
            ["t"] = t,
            ["f"] = fraction,
            ["p"] = p,
            ["cost_full_runs"] = cost,
            ["cost_steps"] = stepsPerRun is { } s ? JsonValue.Create(cost * s) : null,
        };
        if (budget is { } x)
        {
            plan["budget"] = x;
        }

        return plan;
    }

    private bool HasVerdict(TrialRecord trial) => trial.HasDecision(Name, DecisionActions.Resume, DecisionActions.Stop);

    private void TryDecide(SweepState sweep, int cohort, Effects fx)
    {
        if (!Pauses || sweep.Status != "running")
        {
            return;
        }

        var members = sweep.Trials.Skip(cohort * trialsPerCohort).Take(trialsPerCohort).ToList();
        if (members.Any(t => t.State != TrialState.Paused && !t.State.IsTerminal()))
        {
            return;
        }

        var metric = sweep.Spec!.Metric;
        var paused = members.Where(t => t.State == TrialState.Paused && !HasVerdict(t))
            .Select(t => (t, ValueAtPause(t, metric.Name)));
        var ranked = MetricHistory.Rank(paused, metric.Maximize);
        if (ranked.Count == 0)
        {
            return;
        }

        var n = ranked.Count;
        double? cutoff = n > keep ? ranked[keep - 1].Value : null;
        var plan = PlanJson(members.Count, MetricHistory.StepsPerRun(members));
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < n; i++)
        {
            var (trial, value) = ranked[i];
            var rank = i + 1;
            var e = Evidence.For(Name);
            e["metric"] = metric.Name;
            e["value"] = Evidence.Number(value);
            e["fraction"] = fraction;
            e["rank"] = rank;
            e["n"] = n;
            e["keep"] = keep;
            e["threshold"] = Evidence.Number(cutoff);
            e["cohort"] = cohort;
            e["cohort_size"] = members.Count;
            e["ended_before"] = members.Count - n;
            e["plan"] = plan.DeepClone();
            var shown = value is { } v ? Evidence.Show(v) : "no value";
            var standing = string.Create(inv, $"cohort {cohort}: rank {rank} of {n} by {metric.Name} at fraction {Evidence.Show(fraction)} ({shown})");
            if (rank <= keep)
            {
                var why = n <= keep
                    ? string.Create(inv, $"{standing}; {n} paused for {keep} places: all continue")
                    : string.Create(inv, $"{standing} is within the best {keep}: resumed");
                sweep.ResumePaused(trial, Name, why, Evidence.Write(e), fx);
            }
            else
            {
                var why = string.Create(inv, $"{standing} is outside the best {keep} (cut-off {(cutoff is { } c ? Evidence.Show(c) : "none")})");
                sweep.EndPaused(trial, Name, why, Evidence.Write(e), fx);
            }
        }
    }

    /// <summary>The validation value at the trial's first report at fraction ≥ f (else its latest value).</summary>
    private double? ValueAtPause(TrialRecord trial, string metric) =>
        MetricHistory.FirstAtFraction(trial, metric, fraction)?.Value ?? MetricHistory.Latest(trial, metric);
}
