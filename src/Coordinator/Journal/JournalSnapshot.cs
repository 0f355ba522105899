namespace SweepCluster.Coordinator.Journal;

/// <summary>A snapshot of an actor's state as of <paramref name="Sequence"/> (replay continues after it).</summary>
public sealed record JournalSnapshot(string StreamId, long Sequence, string PayloadJson);
