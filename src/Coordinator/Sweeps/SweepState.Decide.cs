using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

internal sealed partial class SweepState
{
    /// <summary>The events of a new sweep: the submission and every trial queued as attempt 1.</summary>
    public void Submit(SweepSubmitted submitted, IReadOnlyList<TrialKey> keys, Effects fx)
    {
        fx.Emit(submitted);
        foreach (var k in keys)
        {
            fx.Emit(new TrialQueued(k.TrialId, k.ConfigIndex, k.InitSeed, k.OrderSeed, 1, null, 0));
        }
    }

    /// <summary>How many more trials this sweep may start now (queue length bounded by its cap).</summary>
    public int Demand()
    {
        if (Status != "running")
        {
            return 0;
        }

        var cap = Spec?.MaxConcurrentTrials ?? 0;
        var room = cap > 0 ? Math.Max(0, cap - SlotHolders) : int.MaxValue;
        return Math.Min(room, _queue.Count);
    }

    /// <summary>
    /// Assigns queued trials (in expansion order) to granted slots. Returns the trial bound to each
    /// grant, or null where the grant is not needed any more.
    /// </summary>
    public IReadOnlyList<string?> Assign(IReadOnlyList<(string NodeId, int Slot)> grants, Effects fx)
    {
        var bound = new string?[grants.Count];
        for (var i = 0; i < grants.Count; i++)
        {
            if (Demand() == 0)
            {
                break;
            }

            var t = _byOrder[_queue.Min];
            var (nodeId, slot) = grants[i];
            fx.Emit(new TrialAssigned(t.TrialId, t.Attempt, nodeId, slot));
            var pauseAt = PauseAtFraction(t, fx);
            fx.Send(nodeId, new StartTrialCommand(0, t.TrialId, t.Attempt, slot, t.Key, Spec!, t.ResumeFrom, t.ResumeStep, pauseAt));
            bound[i] = t.TrialId;
        }

        return bound;
    }

    /// <summary>Applies one event from a node: fenced by attempt, idempotent on redelivery.</summary>
    public void OnNodeEvent(string nodeId, NodeEvent e, Effects fx)
    {
        if (!_trials.TryGetValue(e.TrialId, out var t))
        {
            return;
        }

        var current = e.Attempt == t.Attempt && t.State.HoldsSlot() && t.NodeId == nodeId;
        if (!current)
        {
            // A superseded attempt (or a node that lost the trial) is still talking: fence it off and
            // tell it to stop wasting the slot. Redelivered events of an attempt that already ended
            // need no answer.
            var endedHere = e.Attempt == t.Attempt && !t.State.HoldsSlot();
            if (e is not TrialEndedEvent && !endedHere)
            {
                fx.Send(nodeId, new StopTrialCommand(0, e.TrialId, e.Attempt, "superseded attempt"));
            }

            return;
        }

        switch (e)
        {
            case TrialStartedEvent:
                if (t.State == TrialState.Assigned)
                {
                    fx.Emit(new TrialStarted(t.TrialId, t.Attempt));
                }

                break;
            case TrialMetricEvent m:
                OnMetric(t, m, fx);
                break;
            case TrialProgressEvent p:
                t.Step = Math.Max(t.Step, p.Step);
                t.AttemptStep = Math.Max(t.AttemptStep, p.Step);
                t.TotalSteps = p.TotalSteps;
                break;
            case TrialCheckpointedEvent c when !t.AttemptCheckpoints.Contains((c.Step, c.Path)):
                // (A redelivered checkpoint — a lost acknowledgement, a node restart — is already journaled.)
                fx.Emit(new TrialCheckpointed(t.TrialId, t.Attempt, c.Step, c.Fraction, c.Path));
                break;
            case TrialEndedEvent end:
                OnEnded(t, end, fx);
                break;
            default:
                break;
        }
    }

    private void OnMetric(TrialRecord t, TrialMetricEvent m, Effects fx)
    {
        if (t.State == TrialState.Assigned)
        {
            fx.Emit(new TrialStarted(t.TrialId, t.Attempt));
        }

        if (t.LastMetricStep.TryGetValue(m.Name, out var last) && m.Step <= last)
        {
            return;
        }

        fx.Emit(new MetricReported(t.TrialId, t.Attempt, m.Step, m.Fraction, m.Name, m.Value));
        EvaluateMetric(t, new MetricPoint(t.Attempt, m.Step, m.Fraction, m.Name, m.Value), fx);
    }

    private void OnEnded(TrialRecord t, TrialEndedEvent end, Effects fx)
    {
        switch (end.Outcome)
        {
            case TrialOutcomeKind.Completed when t.PendingStop == TrialState.Diverged:
                // It finished before our stop arrived, but divergence describes the run, not when it stopped.
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Diverged, end.FinalMetric, end.Steps, t.DecisionReason));
                break;
            case TrialOutcomeKind.Completed:
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Completed, end.FinalMetric, end.Steps, null));
                break;
            case TrialOutcomeKind.Diverged:
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Diverged, end.FinalMetric, end.Steps, end.Message));
                break;
            case TrialOutcomeKind.Failed:
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Failed, end.FinalMetric, end.Steps, end.Message));
                break;
            case TrialOutcomeKind.Stopped or TrialOutcomeKind.Paused when t.PendingStop is { } stopState:
                // A pause that crossed our stop command on the wire ends the trial all the same.
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, stopState, end.FinalMetric, end.Steps, t.DecisionReason ?? end.Message));
                break;
            case TrialOutcomeKind.Paused when t.PauseRequested && IsPolicyPause(t, end.Steps):
                fx.Emit(new TrialPaused(t.TrialId, t.Attempt, end.Steps, end.Checkpoint));
                break;
            default:
                // Stopped or paused without being asked (the node is shutting down, before the
                // policy's pause point): run it again later from where it got to.
                Requeue(t, end.Checkpoint, end.Checkpoint is null ? null : end.Steps, fx);
                break;
        }

        EvaluateSettled(t, fx);
    }

    /// <summary>Queues the next attempt of a trial, resuming from its newest checkpoint.</summary>
    private static void Requeue(TrialRecord t, string? checkpoint, long? checkpointStep, Effects fx)
    {
        var from = checkpoint ?? t.LastCheckpoint;
        var step = checkpoint is not null ? checkpointStep ?? 0 : t.LastCheckpointStep;
        fx.Emit(new TrialQueued(t.TrialId, t.Key.ConfigIndex, t.Key.InitSeed, t.Key.OrderSeed, t.Attempt + 1, from, from is null ? 0 : step));
    }

    /// <summary>A node's lease expired: its trials are lost and requeued while attempts remain.</summary>
    public void OnNodeLost(string nodeId, Effects fx)
    {
        foreach (var t in _byOrder)
        {
            if (t.State.HoldsSlot() && t.NodeId == nodeId)
            {
                LoseAndRequeue(t, nodeId, fx);
            }
        }
    }

    /// <summary>
    /// A node (re)registered and listed the trials it still owns. Trials this sweep placed on it that
    /// it does not own are lost; owned attempts this sweep no longer wants are told to stop.
    /// </summary>
    public void Reconcile(string nodeId, IReadOnlyList<RunningTrial> owned, Effects fx)
    {
        var ownedSet = new HashSet<(string, int)>(owned.Select(r => (r.TrialId, r.Attempt)));
        foreach (var t in _byOrder)
        {
            if (t.State.HoldsSlot() && t.NodeId == nodeId && !ownedSet.Contains((t.TrialId, t.Attempt)))
            {
                LoseAndRequeue(t, nodeId, fx);
            }
        }

        foreach (var r in owned)
        {
            if (_trials.TryGetValue(r.TrialId, out var t) && !(t.Attempt == r.Attempt && t.State.HoldsSlot() && t.NodeId == nodeId))
            {
                fx.Send(nodeId, new StopTrialCommand(0, r.TrialId, r.Attempt, "superseded attempt"));
            }
        }
    }

    private void LoseAndRequeue(TrialRecord t, string nodeId, Effects fx)
    {
        fx.Emit(new TrialLost(t.TrialId, t.Attempt, nodeId, t.AttemptStep));
        var maxAttempts = Spec?.MaxAttempts ?? 3;
        if (t.LostAttempts >= maxAttempts)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"lost with its node {t.LostAttempts} times (max_attempts {maxAttempts})");
            fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Failed, null, t.AttemptStep, message));
            EvaluateSettled(t, fx);
        }
        else
        {
            Requeue(t, null, null, fx);
        }
    }

    /// <summary>Cancels the sweep: queued and paused trials end Cancelled, running ones are told to stop.</summary>
    public void Cancel(string reason, Effects fx)
    {
        if (Status != "running")
        {
            return;
        }

        fx.Emit(new SweepCancelled(reason));
        foreach (var t in _byOrder)
        {
            if (t.State is TrialState.Queued or TrialState.Paused or TrialState.Lost)
            {
                fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Cancelled, null, t.AttemptStep, reason));
            }
            else if (t.State.HoldsSlot() && t.PendingStop is null)
            {
                fx.Emit(new DecisionMade(t.TrialId, t.Attempt, "user", DecisionActions.Cancel, reason, "{}"));
                fx.Send(t.NodeId!, new StopTrialCommand(0, t.TrialId, t.Attempt, reason));
            }
        }
    }

    /// <summary>
    /// Resumes a cancelled sweep: it runs again, each trial the cancel ended is queued as a new attempt
    /// from its last checkpoint (as after a lost node), and a trial still stopping for the cancel goes on.
    /// Returns how many trials were requeued, or null (nothing emitted) when the sweep is not cancelled.
    /// </summary>
    public int? Resume(string reason, Effects fx)
    {
        if (Status != "cancelled")
        {
            return null;
        }

        fx.Emit(new SweepResumed(reason));
        var requeued = 0;
        foreach (var t in _byOrder)
        {
            if (t.State == TrialState.Cancelled && t.CancelledBySweep)
            {
                Requeue(t, null, null, fx);
                requeued++;
            }
        }

        return requeued;
    }

    /// <summary>
    /// A user stops one trial: a queued, paused or lost trial ends Cancelled at once; a running one is
    /// told to stop and ends Cancelled when its node confirms. False when the trial is unknown or already ending.
    /// </summary>
    public bool StopTrial(string trialId, string reason, Effects fx)
    {
        if (!_trials.TryGetValue(trialId, out var t) || t.State.IsTerminal() || t.PendingStop is not null)
        {
            return false;
        }

        if (t.State is TrialState.Queued or TrialState.Paused or TrialState.Lost)
        {
            fx.Emit(new DecisionMade(t.TrialId, t.Attempt, "user", DecisionActions.Cancel, reason, "{}"));
            fx.Emit(new TrialFinished(t.TrialId, t.Attempt, TrialState.Cancelled, null, t.AttemptStep, reason));
            return true;
        }

        if (t.State.HoldsSlot())
        {
            fx.Emit(new DecisionMade(t.TrialId, t.Attempt, "user", DecisionActions.Cancel, reason, "{}"));
            fx.Send(t.NodeId!, new StopTrialCommand(0, t.TrialId, t.Attempt, reason));
            return true;
        }

        return false;
    }

    /// <summary>Emits <see cref="SweepCompleted"/> once every trial is terminal.</summary>
    public void CheckCompletion(Effects fx)
    {
        if (AllTerminal && Status == "running")
        {
            fx.Emit(new SweepCompleted());
        }
    }
}
