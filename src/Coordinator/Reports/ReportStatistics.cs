namespace SweepCluster.Coordinator.Reports;

/// <summary>Statistics over the final scores of the completed trials.</summary>
/// <param name="Trials">N: completed trials with a finite final metric.</param>
public sealed record ReportStatistics(
    int Trials,
    ScoreSummary Scores,
    EmpReport Emp,
    VarianceReport Variance,
    EarlyRankingReport EarlyRanking,
    SeedReport Seeds,
    BudgetReport Budget);
