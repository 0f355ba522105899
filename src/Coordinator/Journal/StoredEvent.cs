namespace SweepCluster.Coordinator.Journal;

/// <summary>An event as stored: its stream, its 1-based contiguous sequence number and when it was written.</summary>
public sealed record StoredEvent(string StreamId, long Sequence, DateTimeOffset At, SweepEvent Event);
