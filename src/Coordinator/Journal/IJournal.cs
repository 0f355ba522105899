namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Append-only event journal, one stream per sweep plus the cluster stream. Every backend passes
/// the same conformance suite (tests/Coordinator.Tests/Journal/JournalConformanceTests.cs).
/// </summary>
public interface IJournal
{
    /// <summary>
    /// Appends <paramref name="events"/> to a stream atomically (all or none) and updates the query
    /// tables in the same transaction. Sequence numbers continue contiguously from the stream's
    /// highest. A <see cref="MetricReported"/> whose (trial, attempt, step, name) is already stored is
    /// dropped (neither journaled nor projected). Returns the stream's highest sequence afterwards.
    /// </summary>
    Task<long> AppendAsync(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Events with <paramref name="fromSequence"/> ≤ sequence ≤ <paramref name="toSequence"/>, in order; empty for an unknown stream.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long fromSequence, long toSequence, CancellationToken cancellationToken = default);

    /// <summary>Highest sequence of the stream; 0 when it has no events.</summary>
    Task<long> HighestSequenceAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Stores a snapshot, replacing an older one of the same stream.</summary>
    Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The latest snapshot of a stream, or null.</summary>
    Task<JournalSnapshot?> LoadSnapshotAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Every sweep stream id (not the cluster stream), in submission order.</summary>
    Task<IReadOnlyList<string>> ListSweepStreamsAsync(CancellationToken cancellationToken = default);
}
