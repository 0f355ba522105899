namespace SweepCluster.Coordinator.Policies;

/// <summary>A Dodge cohort plan: start t, evaluate at f, continue p; cost (t·f + p·(1 − f))·s.</summary>
/// <param name="TrialsPerCohort">t.</param>
/// <param name="Fraction">f (1 when a budget covers every trial: nothing pauses).</param>
/// <param name="Keep">p.</param>
/// <param name="BudgetFullRuns">x, when the planner chose f and p; null when they were given.</param>
/// <param name="CostFullRuns">t·f + p·(1 − f), per cohort.</param>
/// <param name="CostSteps">The cost in training steps per cohort, when steps per run were given.</param>
/// <param name="Cohorts">Number of cohorts in the sweep.</param>
/// <param name="Note">The planner's note (why the plan departs from its default rule), or null.</param>
public sealed record CohortPlanSummary(
    int TrialsPerCohort, double Fraction, int Keep, double? BudgetFullRuns, double CostFullRuns, double? CostSteps, int Cohorts, string? Note);
