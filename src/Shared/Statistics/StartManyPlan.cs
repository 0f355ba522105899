namespace SweepCluster.Shared.Statistics;

/// <summary>A start-many / stop-early / continue-some plan (Dodge et al. 2020, §6).</summary>
/// <param name="TrialsToStart">t: trials started and trained to fraction f.</param>
/// <param name="Fraction">f: fraction of full training at which all t are evaluated.</param>
/// <param name="TrialsToContinue">p: best trials at f that are trained to the end.</param>
/// <param name="BudgetFullRuns">The budget x, in full training runs.</param>
/// <param name="CostFullRuns">t·f + p·(1 − f): the plan's cost, in full runs (≤ the budget).</param>
/// <param name="Feasible">False when the budget cannot pay for a meaningful plan (see Note).</param>
/// <param name="Note">Why the plan departs from the default rule, or null when f lies in [0.2, 0.3] and
/// the whole budget is spent.</param>
public sealed record StartManyPlan(
    int TrialsToStart,
    double Fraction,
    int TrialsToContinue,
    double BudgetFullRuns,
    double CostFullRuns,
    bool Feasible,
    string? Note);
