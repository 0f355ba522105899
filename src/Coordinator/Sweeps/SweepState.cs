using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Policies;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// The state of one sweep as the fold of its journal: pure, no I/O, no actors, so it is unit-tested
/// directly. <see cref="Apply"/> is the only mutator; the decision methods in the partial files
/// (<c>SweepState.Decide.cs</c>) produce events, apply them at once and return them with the
/// commands they cause, so that the actor persists the events before sending the commands.
/// </summary>
internal sealed partial class SweepState(string sweepId, Func<SweepSubmitted, ExperimentSpec> parseSpec)
{
    private readonly Dictionary<string, TrialRecord> _trials = new(StringComparer.Ordinal);
    private readonly List<TrialRecord> _byOrder = [];
    private readonly SortedSet<int> _queue = [];
    private readonly List<TrialRecord> _released = [];
    private int _terminal;

    public string SweepId { get; } = sweepId;

    public ExperimentSpec? Spec { get; private set; }

    public SweepSubmitted? Submitted { get; private set; }

    /// <summary><c>new</c> before submission, then <c>running</c>, <c>completed</c> or <c>cancelled</c>.</summary>
    public string Status { get; private set; } = "new";

    /// <summary>Highest journal sequence folded into this state.</summary>
    public long Sequence { get; set; }

    public IReadOnlyList<TrialRecord> Trials => _byOrder;

    public int QueuedCount => _queue.Count;

    public int TerminalCount => _terminal;

    public bool AllTerminal => _byOrder.Count > 0 && _terminal == _byOrder.Count;

    /// <summary>Trials holding a slot (Assigned or Running).</summary>
    public int SlotHolders { get; private set; }

    public TrialRecord? Find(string trialId) => _trials.GetValueOrDefault(trialId);

    /// <summary>Trials that released their slot since the last call (the actor tells the scheduler).</summary>
    public IReadOnlyList<TrialRecord> DrainReleased()
    {
        if (_released.Count == 0)
        {
            return [];
        }

        var released = _released.ToArray();
        _released.Clear();
        return released;
    }

    /// <summary>Folds one journaled event into the state.</summary>
    public void Apply(SweepEvent e)
    {
        switch (e)
        {
            case SweepSubmitted s:
                Submitted = s;
                Spec = parseSpec(s);
                _policies = PolicyFactory.Create(Spec, s.TrialCount);
                Status = "running";
                break;
            case TrialQueued q:
                OnQueued(q);
                break;
            case TrialAssigned a when Current(a.TrialId, a.Attempt) is { } t:
                _queue.Remove(t.Order);
                SetState(t, TrialState.Assigned);
                t.NodeId = a.NodeId;
                t.Slot = a.Slot;
                break;
            case TrialStarted s when Current(s.TrialId, s.Attempt) is { State: TrialState.Assigned } t:
                SetState(t, TrialState.Running);
                break;
            case MetricReported m when _trials.TryGetValue(m.TrialId, out var t):
                t.AddMetric(new MetricPoint(m.Attempt, m.Step, m.Fraction, m.Name, m.Value));
                if (m.Attempt == t.Attempt)
                {
                    t.LastMetricStep[m.Name] = m.Step;
                    t.Step = Math.Max(t.Step, m.Step);
                    t.AttemptStep = Math.Max(t.AttemptStep, m.Step);
                    t.Fraction = Math.Max(t.Fraction, m.Fraction);
                }

                break;
            case TrialCheckpointed c when _trials.TryGetValue(c.TrialId, out var t):
                t.LastCheckpoint = c.Path;
                t.LastCheckpointStep = c.Step;
                if (c.Attempt == t.Attempt)
                {
                    t.AttemptCheckpoints.Add((c.Step, c.Path));
                    t.AttemptStep = Math.Max(t.AttemptStep, c.Step);
                }

                break;
            case TrialPaused p when Current(p.TrialId, p.Attempt) is { } t:
                SetState(t, TrialState.Paused);
                t.NodeId = null;
                t.PauseRequested = false;
                t.AttemptStep = Math.Max(t.AttemptStep, p.Step);
                if (p.Checkpoint is not null)
                {
                    t.LastCheckpoint = p.Checkpoint;
                    t.LastCheckpointStep = p.Step;
                }

                break;
            case DecisionMade d when Current(d.TrialId, d.Attempt) is { } t:
                OnDecision(t, d);
                break;
            case TrialFinished f when _trials.TryGetValue(f.TrialId, out var t) && !t.State.IsTerminal():
                _queue.Remove(t.Order);
                SetState(t, f.State);
                t.FinalMetric = f.FinalMetric;
                t.Message = f.Message;
                t.Step = Math.Max(t.Step, f.Steps);
                if (f.Attempt == t.Attempt)
                {
                    t.AttemptStep = Math.Max(t.AttemptStep, f.Steps);
                }

                t.PendingStop = null;
                break;
            case TrialLost l when Current(l.TrialId, l.Attempt) is { } t:
                SetState(t, TrialState.Lost);
                t.LostAttempts++;
                t.NodeId = null;
                t.AttemptStep = Math.Max(t.AttemptStep, l.Step);
                break;
            case SweepCancelled:
                Status = "cancelled";
                MarkCancelledBySweep();
                break;
            case SweepResumed:
                Status = "running";
                ReleaseCancelStops();
                break;
            case SweepCompleted:
                Status = "completed";
                break;
            default:
                // Events about unknown trials or superseded attempts change nothing: replay is total.
                break;
        }
    }

    private TrialRecord? Current(string trialId, int attempt) =>
        _trials.TryGetValue(trialId, out var t) && t.Attempt == attempt ? t : null;

    private void OnQueued(TrialQueued q)
    {
        if (!_trials.TryGetValue(q.TrialId, out var t))
        {
            t = new TrialRecord(new TrialKey(SweepId, q.ConfigIndex, q.InitSeed, q.OrderSeed), _byOrder.Count);
            _trials.Add(q.TrialId, t);
            _byOrder.Add(t);
        }
        else if (t.State.IsTerminal())
        {
            // Only a resumed sweep reopens a trial, and only one that its cancel ended.
            if (!(t.State == TrialState.Cancelled && t.CancelledBySweep && Status == "running" && q.Attempt > t.Attempt))
            {
                return;
            }

            t.CancelledBySweep = false;
            t.FinalMetric = null;
            t.Message = null;
        }

        SetState(t, TrialState.Queued);
        t.Attempt = q.Attempt;
        t.ResumeFrom = q.ResumeFrom;
        t.ResumeStep = q.ResumeStep;
        t.AttemptStep = q.ResumeStep;
        t.NodeId = null;
        t.PendingStop = null;
        t.PauseRequested = false;
        t.LastMetricStep.Clear();
        t.AttemptCheckpoints.Clear();
        _queue.Add(t.Order);
    }

    /// <summary>
    /// The cancel ends every trial not already ending (queued, paused and lost ones at once, the others
    /// when their node confirms the stop): those, and only those, a resume may reopen.
    /// </summary>
    private void MarkCancelledBySweep()
    {
        foreach (var t in _byOrder)
        {
            if (!t.State.IsTerminal() && t.PendingStop is null)
            {
                t.CancelledBySweep = true;
            }
        }
    }

    /// <summary>
    /// On resume, a trial still stopping for the cancel is let go on: with no stop pending, its node's
    /// "stopped" answer requeues it from its checkpoint like any unrequested stop. Cancelled trials keep
    /// their mark until the <see cref="TrialQueued"/> that reopens them; the others lose it.
    /// </summary>
    private void ReleaseCancelStops()
    {
        foreach (var t in _byOrder)
        {
            if (!t.CancelledBySweep || t.State == TrialState.Cancelled)
            {
                continue;
            }

            if (t.State.HoldsSlot() && t.PendingStop == TrialState.Cancelled)
            {
                t.PendingStop = null;
            }

            t.CancelledBySweep = false;
        }
    }

    private static void OnDecision(TrialRecord t, DecisionMade d)
    {
        t.Decisions.Add(d);
        t.DecisionReason = d.Reason;
        switch (d.Action)
        {
            case DecisionActions.Stop:
                t.PendingStop = TrialState.EarlyStopped;
                break;
            case DecisionActions.Diverged:
                t.PendingStop = TrialState.Diverged;
                break;
            case DecisionActions.Cancel:
                t.PendingStop = TrialState.Cancelled;
                break;
            case DecisionActions.Pause:
                t.PauseRequested = true;
                break;
            default:
                break;
        }
    }

    private void SetState(TrialRecord t, TrialState state)
    {
        var held = t.State.HoldsSlot();
        var wasTerminal = t.State.IsTerminal();
        t.State = state;
        if (held && !state.HoldsSlot())
        {
            _released.Add(t);
        }

        SlotHolders += (state.HoldsSlot() ? 1 : 0) - (held ? 1 : 0);
        _terminal += (state.IsTerminal() ? 1 : 0) - (wasTerminal ? 1 : 0);
    }
}
