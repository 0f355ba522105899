namespace SweepCluster.Coordinator.Reports;

/// <summary>Summary of the completed trials' final scores.</summary>
/// <param name="Std">Sample standard deviation (n − 1); null for a single score.</param>
/// <param name="Best">The best score in the metric's direction (the maximum, or the minimum for a minimized metric).</param>
public sealed record ScoreSummary(int Count, double Mean, double? Std, double Min, double Max, double Best);
