using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>Mean final score per seed of each factor, best first (ties: smaller seed first).</summary>
public sealed record SeedReport(SeedMean BestInit, SeedMean BestOrder, IReadOnlyList<SeedMean> InitMeans, IReadOnlyList<SeedMean> OrderMeans);
