namespace SweepCluster.Shared.Statistics;

/// <summary>Mean score of one seed of one factor, over all trials that used it.</summary>
/// <param name="Seed">The WI or DO seed.</param>
/// <param name="Mean">Mean score across the other factor (and configs, if several).</param>
/// <param name="Count">Number of scores averaged.</param>
public sealed record SeedMean(int Seed, double Mean, int Count);
