namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// A start-many / stop-early / continue-some plan a policy recorded in its decision evidence
/// (<c>"plan": {"t", "f", "p", "cost_full_runs", "cost_steps"}</c>), with its cost (t·f + p·(1−f))·s.
/// </summary>
/// <param name="Policy">The policy that recorded it.</param>
/// <param name="TrialsToStart">t.</param>
/// <param name="Fraction">f.</param>
/// <param name="TrialsToContinue">p.</param>
/// <param name="CostFullRuns">t·f + p·(1−f), recomputed from t, f and p.</param>
/// <param name="StepsPerRun">s = cost_steps / cost_full_runs from the evidence; null when the evidence lacks either.</param>
/// <param name="CostSteps">The cost in training steps, (t·f + p·(1−f))·s; null without s.</param>
/// <param name="Formula">The cost formula with the numbers filled in.</param>
/// <param name="Decisions">Decisions that carried this plan.</param>
public sealed record PlanReport(
    string Policy, int TrialsToStart, double Fraction, int TrialsToContinue, double CostFullRuns, double? StepsPerRun, double? CostSteps,
    string Formula, int Decisions);
