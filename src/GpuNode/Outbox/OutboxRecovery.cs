using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Outbox;

/// <summary>
/// What a restarted node takes over from its outbox file: the unacknowledged events to redeliver
/// (with their original sequence numbers) and the next sequence number to hand out.
/// </summary>
/// <remarks>
/// Only events of attempts whose end is among them are kept. An attempt without a recorded end was
/// running when the process died; it is not running any more, so the node does not claim it when it
/// registers, the coordinator declares it lost and requeues it, and its leftover events would only be
/// fenced off — they are dropped here and counted in <see cref="AbandonedEvents"/>.
/// </remarks>
/// <param name="Events">Events to redeliver, in sequence order.</param>
/// <param name="NextSeq">Above every sequence number the previous process recorded or reserved.</param>
/// <param name="AbandonedEvents">Unacknowledged events of attempts that were running when the process ended.</param>
/// <param name="CorruptRecords">Lines dropped because they did not parse (see <see cref="OutboxFormat"/>).</param>
/// <param name="TornTail">The file ended in a partial line.</param>
internal sealed record OutboxRecovery(
    IReadOnlyList<NodeEvent> Events, long NextSeq, int AbandonedEvents = 0, int CorruptRecords = 0, bool TornTail = false)
{
    /// <summary>An empty outbox.</summary>
    public static OutboxRecovery Empty { get; } = new([], 1);

    /// <summary>Folds a file's records into what is still to deliver.</summary>
    public static OutboxRecovery From(OutboxReadResult read)
    {
        long acked = 0;
        long next = 1;
        var bySeq = new SortedDictionary<long, NodeEvent>();
        foreach (var record in read.Records)
        {
            switch (record.Kind)
            {
                case OutboxRecordKind.Event:
                    bySeq.TryAdd(record.Seq, record.Event!);
                    next = Math.Max(next, record.Seq + 1);
                    break;
                case OutboxRecordKind.Ack:
                    acked = Math.Max(acked, record.Seq);
                    next = Math.Max(next, record.Seq + 1);
                    break;
                case OutboxRecordKind.NextSeq:
                    next = Math.Max(next, record.Seq);
                    break;
                default:
                    break;
            }
        }

        var unacked = bySeq.Where(p => p.Key > acked).Select(p => p.Value).ToList();
        var ended = unacked.OfType<TrialEndedEvent>().Select(e => (e.TrialId, e.Attempt)).ToHashSet();
        var kept = unacked.Where(e => ended.Contains((e.TrialId, e.Attempt))).ToList();
        return new OutboxRecovery(kept, next, unacked.Count - kept.Count, read.CorruptRecords, read.TornTail);
    }
}
