namespace SweepCluster.Shared.Statistics;

/// <summary>One of the two seeds Dodge et al. (2020) vary.</summary>
public enum SeedFactor
{
    /// <summary>Weight-initialization (WI) seed.</summary>
    Init,

    /// <summary>Data-order (DO) seed.</summary>
    Order,
}
