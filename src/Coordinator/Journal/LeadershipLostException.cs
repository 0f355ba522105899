namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// A write was refused because this coordinator no longer holds the leadership it acquired (its
/// lease expired or another coordinator took over): nothing was written.
/// </summary>
public sealed class LeadershipLostException(string message, Exception? inner = null) : Exception(message, inner);
