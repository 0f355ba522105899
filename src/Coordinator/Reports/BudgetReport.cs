using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>How many trials to run so the best reaches <paramref name="Target"/> with probability ≥ 1 − α.</summary>
/// <param name="Target">θ.</param>
/// <param name="TargetPercentile">The percentile of the final scores θ was taken at; null when θ was given explicitly.</param>
/// <param name="ComputeSteps">Trials × mean training steps of a completed trial; null when the target is unreachable.</param>
public sealed record BudgetReport(double Target, double? TargetPercentile, BudgetEstimate Estimate, double? ComputeSteps);
