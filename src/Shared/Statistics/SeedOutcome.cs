namespace SweepCluster.Shared.Statistics;

/// <summary>Whether one trial diverged, identified by its two seeds.</summary>
/// <param name="InitSeed">Weight-initialization (WI) seed.</param>
/// <param name="OrderSeed">Data-order (DO) seed.</param>
/// <param name="Diverged">True when the trial ended Diverged.</param>
public sealed record SeedOutcome(int InitSeed, int OrderSeed, bool Diverged);
