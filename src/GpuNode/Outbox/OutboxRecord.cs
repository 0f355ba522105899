using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Outbox;

/// <summary>
/// One line of the outbox file: the format header, an event, an acknowledgement (every event up to
/// <see cref="Seq"/> was applied by the coordinator) or a sequence reservation (numbers below
/// <see cref="Seq"/> have been handed out, so a restarted node continues above them).
/// </summary>
/// <param name="Seq">The format version (header), the acknowledged sequence (ack) or the next free sequence (reservation); the event's own for an event.</param>
internal sealed record OutboxRecord(OutboxRecordKind Kind, long Seq, NodeEvent? Event = null)
{
    /// <summary>The first line of every file this build writes.</summary>
    public static OutboxRecord Header { get; } = new(OutboxRecordKind.Header, OutboxFormat.Version);

    public static OutboxRecord ForEvent(NodeEvent e) => new(OutboxRecordKind.Event, e.Seq, e);

    public static OutboxRecord Ack(long seq) => new(OutboxRecordKind.Ack, seq);

    public static OutboxRecord NextSeq(long seq) => new(OutboxRecordKind.NextSeq, seq);
}
