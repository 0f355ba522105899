namespace SweepCluster.Shared.Statistics;

/// <summary>How <see cref="ExpectedMaxPerformance.Curve"/> builds an EMP curve.</summary>
public sealed record EmpOptions
{
    /// <summary>True (default) when larger scores are better; false for a minimized metric (e.g. loss),
    /// in which case the curve is the expected <em>minimum</em> of n trials.</summary>
    public bool Maximize { get; init; } = true;

    /// <summary>The estimator; default <see cref="EmpEstimator.WithReplacement"/>.</summary>
    public EmpEstimator Estimator { get; init; } = EmpEstimator.WithReplacement;

    /// <summary>Largest n on the curve; default null = N, the number of scores. Must be ≤ N for
    /// <see cref="EmpEstimator.Unbiased"/>.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Bootstrap band settings; default null = no band.</summary>
    public EmpBootstrapOptions? Bootstrap { get; init; }

    /// <summary>
    /// Per-trial compute costs (e.g. training steps of each scored trial); default null = no compute
    /// axis. The compute at n is n × the mean cost: the expected cost of n trials drawn from the same
    /// population, which keeps the axis linear in n and independent of which trials a draw picks.
    /// </summary>
    public IReadOnlyList<double>? TrialCosts { get; init; }
}
