using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Policies;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// Where the stopping policies plug in: the hooks <see cref="SweepState"/> calls (on assignment, on
/// each journaled metric, when a trial settles, after recovery) and the decision helpers the
/// policies call. Every helper emits the <see cref="DecisionMade"/> first, so the decision is
/// journaled before any command it causes is sent.
/// </summary>
internal sealed partial class SweepState
{
    private IReadOnlyList<IStoppingPolicy> _policies = [DivergencePolicy.GuardOnly];

    /// <summary>The policies in evaluation order: the divergence policy (or the built-in guard) first.</summary>
    public IReadOnlyList<IStoppingPolicy> Policies => _policies;

    /// <summary>
    /// Re-derives the decisions the folded state calls for (a Dodge cohort whose trials are all
    /// paused or ended). Called once the state is rebuilt from the journal; idempotent, because
    /// policies never decide again what the journal already holds.
    /// </summary>
    public void OnRecovered(Effects fx)
    {
        if (Status != "running")
        {
            return;
        }

        foreach (var p in _policies)
        {
            p.OnRecovered(this, fx);
        }
    }

    /// <summary>Records a decision that causes no command (pause before start, continue).</summary>
    internal void RecordDecision(TrialRecord t, string policy, string action, string reason, string evidenceJson, Effects fx) =>
        fx.Emit(new DecisionMade(t.TrialId, t.Attempt, policy, action, reason, evidenceJson));

    /// <summary>
    /// Decides to stop a trial that holds a slot (<see cref="DecisionActions.Stop"/> → EarlyStopped,
    /// <see cref="DecisionActions.Diverged"/> → Diverged) and tells its node; the runner's "stopped"
    /// answer then ends it in that state.
    /// </summary>
    internal void StopRunning(TrialRecord t, string policy, string action, string reason, string evidenceJson, Effects fx)
    {
        RecordDecision(t, policy, action, reason, evidenceJson, fx);
        if (t.State.HoldsSlot() && t.NodeId is { } node)
        {
            fx.Send(node, new StopTrialCommand(0, t.TrialId, t.Attempt, reason));
        }
    }

    /// <summary>Resumes a paused trial: its next attempt is queued from the pause checkpoint.</summary>
    internal void ResumePaused(TrialRecord t, string policy, string reason, string evidenceJson, Effects fx)
    {
        RecordDecision(t, policy, DecisionActions.Resume, reason, evidenceJson, fx);
        Requeue(t, null, null, fx);
    }

    /// <summary>Ends a paused trial EarlyStopped.</summary>
    internal void EndPaused(TrialRecord t, string policy, string reason, string evidenceJson, Effects fx)
    {
        RecordDecision(t, policy, DecisionActions.Stop, reason, evidenceJson, fx);
        fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.EarlyStopped, null, t.AttemptStep, reason));
    }

    /// <summary>The fraction at which the attempt being started must pause (the first policy that asks), or null.</summary>
    private double? PauseAtFraction(TrialRecord t, Effects fx)
    {
        foreach (var p in _policies)
        {
            if (p.OnAssigning(this, t, fx) is { } fraction)
            {
                return fraction;
            }
        }

        return null;
    }

    private bool IsPolicyPause(TrialRecord t, long steps) => _policies.Any(p => p.IsPolicyPause(t, steps));

    /// <summary>Runs the policies in order on a new metric until one of them stops the trial.</summary>
    private void EvaluateMetric(TrialRecord t, MetricPoint point, Effects fx)
    {
        foreach (var p in _policies)
        {
            if (t.PendingStop is not null || !t.State.HoldsSlot())
            {
                return;
            }

            p.OnMetric(this, t, point, fx);
        }
    }

    /// <summary>Tells the policies that a trial paused or ended.</summary>
    private void EvaluateSettled(TrialRecord t, Effects fx)
    {
        if (t.State != TrialState.Paused && !t.State.IsTerminal())
        {
            return;
        }

        foreach (var p in _policies)
        {
            p.OnSettled(this, t, fx);
        }
    }
}
