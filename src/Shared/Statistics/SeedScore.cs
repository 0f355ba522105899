namespace SweepCluster.Shared.Statistics;

/// <summary>The final (or early) score of one trial, identified by its two seeds.</summary>
/// <param name="InitSeed">Weight-initialization (WI) seed.</param>
/// <param name="OrderSeed">Data-order (DO) seed.</param>
/// <param name="Score">The metric value; must be finite.</param>
public sealed record SeedScore(int InitSeed, int OrderSeed, double Score);
