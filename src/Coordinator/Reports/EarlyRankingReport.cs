namespace SweepCluster.Coordinator.Reports;

/// <summary>Does the ranking early in training predict the final ranking (Dodge et al. 2020)?</summary>
/// <param name="Fraction">The requested fraction f of training.</param>
/// <param name="Pairs">Completed trials with an evaluation at or after f (their first such evaluation is used).</param>
/// <param name="MeanFractionUsed">Mean fraction of the evaluations used; null without pairs.</param>
/// <param name="Spearman">Spearman ρ between the value at f and the final score; null when undefined.</param>
/// <param name="KendallTau">Kendall τ-b of the same pairs; null when undefined.</param>
/// <param name="Note">Why the correlation is undefined; null when it is defined.</param>
public sealed record EarlyRankingReport(double Fraction, int Pairs, double? MeanFractionUsed, double? Spearman, double? KendallTau, string? Note);
