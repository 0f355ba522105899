namespace SweepCluster.Coordinator.Reports;

/// <summary>One evaluation of the ranking metric. When several attempts reported the same step, the latest attempt's value is kept.</summary>
public sealed record TrialEvaluation(long Step, double Fraction, double Value, int Attempt);
