namespace SweepCluster.Shared.Specs;

/// <summary>The validation metric that ranks trials.</summary>
/// <param name="Name"><c>accuracy</c> (default), <c>f1</c>, <c>mcc</c>, <c>pearson</c>, <c>spearman</c>.</param>
/// <param name="Maximize">True when larger is better (every default metric).</param>
public sealed record MetricSpec(string Name, bool Maximize);
