using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Reports;

/// <summary>How many trials of a sweep are in <paramref name="State"/>.</summary>
public sealed record StateCount(TrialState State, int Count);
