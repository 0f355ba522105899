namespace SweepCluster.Shared.Statistics;

/// <summary>Expected best score of n trials and the standard deviation of that best score.</summary>
/// <param name="Mean">Expected best (maximum, or minimum for a minimized metric) of n trials.</param>
/// <param name="Std">Standard deviation of the best of n trials under the same sampling model.</param>
public readonly record struct EmpEstimate(double Mean, double Std);
