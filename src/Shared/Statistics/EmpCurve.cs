namespace SweepCluster.Shared.Statistics;

/// <summary>An expected-maximum-performance curve: one point per number of trials, n = 1, 2, ….</summary>
/// <param name="Points">Points in increasing n, starting at n = 1 with no gaps.</param>
public sealed record EmpCurve(IReadOnlyList<EmpPoint> Points);
