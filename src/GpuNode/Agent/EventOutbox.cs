using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>
/// The node's events waiting for acknowledgement, and the trials it owns. Thread-safe: runners
/// report from their own threads, the sync loop takes batches. Progress is coalesced (only the
/// latest per trial is sent). A trial stays owned until the event that ends it is acknowledged, so
/// a node that reconnects after the coordinator was away still claims the trials whose results it has
/// not delivered — they are not re-run.
/// </summary>
internal sealed class EventOutbox
{
    private readonly Lock _gate = new();
    private readonly List<NodeEvent> _pending = [];
    private readonly Dictionary<string, TrialProgressEvent> _progress = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TrialId, int Attempt), int> _owned = [];
    private readonly HashSet<(string TrialId, int Attempt)> _ending = [];
    private long _nextSeq = 1;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Completes when something new is waiting to be sent.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + _progress.Count;
            }
        }
    }

    public void Own(string trialId, int attempt, int slot)
    {
        lock (_gate)
        {
            _owned[(trialId, attempt)] = slot;
        }
    }

    /// <summary>Trials running or ended-but-unacknowledged, for registration.</summary>
    public IReadOnlyList<RunningTrial> Owned()
    {
        lock (_gate)
        {
            return [.. _owned.Select(o => new RunningTrial(o.Key.TrialId, o.Key.Attempt, o.Value))];
        }
    }

    public void Add(Func<long, NodeEvent> create)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            var e = create(_nextSeq++);
            _pending.Add(e);
            if (e is TrialEndedEvent)
            {
                _ending.Add((e.TrialId, e.Attempt));
                _progress.Remove(e.TrialId);
            }

            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    public void Progress(string trialId, int attempt, long step, long totalSteps)
    {
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            var fresh = !_progress.ContainsKey(trialId);
            _progress[trialId] = new TrialProgressEvent(0, trialId, attempt, step, totalSteps);
            if (fresh)
            {
                signal = _changed;
                _changed = NewSignal();
            }
        }

        signal?.TrySetResult();
    }

    /// <summary>The oldest unacknowledged events (progress gets sequence numbers as it is taken).</summary>
    public IReadOnlyList<NodeEvent> Peek(int max)
    {
        lock (_gate)
        {
            foreach (var p in _progress.Values)
            {
                _pending.Add(p with { Seq = _nextSeq++ });
            }

            _progress.Clear();
            return _pending.Count <= max ? [.. _pending] : _pending.GetRange(0, max);
        }
    }

    /// <summary>Drops events up to <paramref name="seq"/>; trials whose end is acknowledged are no longer owned.</summary>
    public void Ack(long seq)
    {
        lock (_gate)
        {
            var n = 0;
            while (n < _pending.Count && _pending[n].Seq <= seq)
            {
                if (_pending[n] is TrialEndedEvent end && _ending.Remove((end.TrialId, end.Attempt)))
                {
                    _owned.Remove((end.TrialId, end.Attempt));
                }

                n++;
            }

            _pending.RemoveRange(0, n);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
