namespace SweepCluster.Shared.Statistics;

/// <summary>Per-factor expected standard deviations on a WI × DO grid (Dodge et al. 2020, §3).</summary>
/// <param name="DueToInit">Spread across WI seeds with the DO seed held fixed, averaged over DO seeds.</param>
/// <param name="DueToOrder">Spread across DO seeds with the WI seed held fixed, averaged over WI seeds.</param>
public sealed record ExpectedStdByFactor(FactorSpread DueToInit, FactorSpread DueToOrder);
