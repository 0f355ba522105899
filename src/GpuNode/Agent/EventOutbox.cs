using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>
/// The node's events waiting for acknowledgement, and the trials it owns. Thread-safe: runners
/// report from their own threads, the sync loop takes batches. Progress is coalesced (only the
/// latest per trial is sent). A trial stays owned until the event that ends it is acknowledged, so
/// a node that reconnects after the coordinator was away still claims the trials whose results it has
/// not delivered — they are not re-run.
/// </summary>
/// <remarks>
/// <para>With an <see cref="IOutboxLog"/> (the <c>sweep node</c> default, see
/// <see cref="NodeOptions.OutboxDirectory"/>) every event is also appended to a file, so a node
/// process that dies while the coordinator is away redelivers the ends of its trials after a restart.
/// Durability: appends go to an in-process buffer; the buffer is written to the file before every
/// batch is handed out for sending (so each sent sequence number survives the process) and is
/// written and fsynced whenever a trial ends (so a result survives a power loss, with everything
/// recorded before it). Acknowledgements are appended too; compaction drops acknowledged records.
/// Progress is never written: it is coalesced in memory and only shown live.</para>
/// </remarks>
internal sealed class EventOutbox : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<NodeEvent> _pending = [];
    private readonly Dictionary<string, TrialProgressEvent> _progress = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TrialId, int Attempt), int> _owned = [];
    private readonly HashSet<(string TrialId, int Attempt)> _ending = [];
    private IOutboxLog? _log;
    private long _nextSeq = 1;
    private long _reservedSeq;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>An in-memory outbox (embedded mode and tests).</summary>
    public EventOutbox()
    {
    }

    /// <summary>
    /// An outbox backed by <paramref name="log"/>, taking over what a previous process left: its
    /// events are redelivered with their sequence numbers, and the trials they end stay owned until
    /// those ends are acknowledged.
    /// </summary>
    public EventOutbox(IOutboxLog log, OutboxRecovery recovered)
    {
        _log = log;
        _nextSeq = recovered.NextSeq;
        _reservedSeq = recovered.NextSeq - 1;
        _pending.AddRange(recovered.Events);
        foreach (var end in recovered.Events.OfType<TrialEndedEvent>())
        {
            _owned[(end.TrialId, end.Attempt)] = -1;
            _ending.Add((end.TrialId, end.Attempt));
        }
    }

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
            _log?.Append(e);
            if (e is TrialEndedEvent)
            {
                _ending.Add((e.TrialId, e.Attempt));
                _progress.Remove(e.TrialId);

                // A trial's end is what must not be lost: it and everything before it go to disk now.
                _log?.Flush(toDisk: true);
            }

            _reservedSeq = Math.Max(_reservedSeq, e.Seq);

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
            if (_log is not null)
            {
                // Progress took numbers that are not in the file: reserve them, so that a restarted
                // node never reuses a sequence number the coordinator may have seen.
                if (_nextSeq - 1 > _reservedSeq)
                {
                    _log.Reserve(_nextSeq);
                    _reservedSeq = _nextSeq - 1;
                }

                // Once per sync cycle: what is about to be sent, and the last acknowledgement.
                _log.Flush(toDisk: false);
            }

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
            if (_log is not null && n > 0)
            {
                _log.Acknowledge(seq);
                if (_log.WantsCompaction(_pending.Count(e => e is not TrialProgressEvent)))
                {
                    _log.Compact([.. _pending.Where(e => e is not TrialProgressEvent)], _nextSeq);
                    _reservedSeq = _nextSeq - 1;
                }
            }
        }
    }

    /// <summary>Writes buffered records to the file (graceful stop).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _log?.Flush(toDisk: true);
        }
    }

    /// <summary>Closes the log without writing its buffer (as a crash would); the outbox goes on in memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
