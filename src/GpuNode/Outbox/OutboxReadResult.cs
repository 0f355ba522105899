namespace SweepCluster.GpuNode.Outbox;

/// <summary>What <see cref="OutboxFormat.Read"/> found in a file.</summary>
/// <param name="Records">Intact records in file order.</param>
/// <param name="CorruptRecords">Complete lines dropped because their checksum or body did not parse.</param>
/// <param name="TornTail">The file ended in a partial line (a write cut short), which was dropped.</param>
internal sealed record OutboxReadResult(IReadOnlyList<OutboxRecord> Records, int CorruptRecords, bool TornTail);
