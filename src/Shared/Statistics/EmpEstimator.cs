namespace SweepCluster.Shared.Statistics;

/// <summary>Which estimator of the expected maximum validation performance to use.</summary>
public enum EmpEstimator
{
    /// <summary>
    /// Dodge et al. (2019), "Show Your Work": the n trials are i.i.d. draws <em>with replacement</em>
    /// from the empirical distribution of the N observed scores. Defined for every n ≥ 1.
    /// </summary>
    WithReplacement,

    /// <summary>
    /// Tang et al. (2020): the n trials are a uniformly random size-n <em>subset</em> of the N observed
    /// scores (without replacement). Unbiased for the expected maximum of n fresh trials; n ≤ N only.
    /// </summary>
    Unbiased,
}
