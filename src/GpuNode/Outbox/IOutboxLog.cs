using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Outbox;

/// <summary>
/// Where an <see cref="Agent.EventOutbox"/> keeps its events beyond memory. Calls are made under the
/// outbox's lock, one at a time. Appends are buffered until <see cref="Flush"/>.
/// </summary>
internal interface IOutboxLog : IDisposable
{
    /// <summary>Records an event (buffered).</summary>
    void Append(NodeEvent e);

    /// <summary>Records that the coordinator applied every event up to <paramref name="seq"/> (buffered).</summary>
    void Acknowledge(long seq);

    /// <summary>Records that sequence numbers below <paramref name="nextSeq"/> are taken (buffered).</summary>
    void Reserve(long nextSeq);

    /// <summary>Writes the buffer to the file (to the operating system), and to the disk when <paramref name="toDisk"/> (fsync).</summary>
    void Flush(bool toDisk);

    /// <summary>True when the file holds enough acknowledged records that rewriting it is worth its cost.</summary>
    bool WantsCompaction(int liveEvents);

    /// <summary>Replaces the file by one holding only <paramref name="live"/> (atomically: a crash leaves the old or the new file).</summary>
    void Compact(IReadOnlyCollection<NodeEvent> live, long nextSeq);
}
