using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>A live view of a sweep for progress displays.</summary>
/// <param name="Counts">Trials per state.</param>
/// <param name="Running">Trials holding a slot, with their latest step and metric.</param>
public sealed record SweepProgress(string SweepId, string Status, int TrialCount, IReadOnlyDictionary<TrialState, int> Counts, IReadOnlyList<RunningTrialView> Running);

/// <summary>One trial holding a slot.</summary>
public sealed record RunningTrialView(string TrialId, int InitSeed, int OrderSeed, int Attempt, string? NodeId, long Step, long TotalSteps, double Fraction, string? MetricName, double? MetricValue);
