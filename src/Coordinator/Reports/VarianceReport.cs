using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>How much of the score variance comes from each seed.</summary>
/// <param name="ExpectedStd">Per-factor expected standard deviation (tolerates missing cells).</param>
/// <param name="Anova">Two-way WI × DO ANOVA; null unless the completed trials form a full factorial.</param>
/// <param name="AnovaNote">Why <paramref name="Anova"/> is null; null when it is present.</param>
public sealed record VarianceReport(ExpectedStdByFactor ExpectedStd, TwoWayAnova? Anova, string? AnovaNote);
