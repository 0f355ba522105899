using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Reports;

/// <summary>One trial of the report.</summary>
/// <param name="Attempt">The current attempt (1 for the first launch).</param>
/// <param name="FinalMetric">The final metric as the trial reported it on finishing; null otherwise.</param>
/// <param name="Score">The final metric when finite, else the latest finite value of the ranking metric; see <paramref name="ScoreSource"/>.</param>
/// <param name="ComputeSteps">
/// Training steps spent, exactly, summed over attempts: Σ (highest step the attempt reached − the step
/// it resumed from). Steps a lost attempt ran past the checkpoint its successor resumed from are spent
/// twice and counted twice; an attempt resumed with no checkpoint counts from step 0 again. See
/// <see cref="Journal.TrialRow.ComputeSteps"/>.
/// </param>
/// <param name="Fraction">Share of training done at the latest reported step, 0..1.</param>
/// <param name="Evaluations">The ranking metric at each evaluation, by step.</param>
/// <param name="Decision">The latest stopping-policy decision, or null.</param>
/// <param name="Decisions">How many decisions were made about the trial.</param>
/// <param name="Reason">Why the trial is where it is: the latest decision's reason or the failure message.</param>
/// <param name="Checkpoint">The latest checkpoint path the trial wrote, or null.</param>
public sealed record TrialReport(
    string TrialId,
    int ConfigIndex,
    int InitSeed,
    int OrderSeed,
    TrialState State,
    int Attempt,
    double? FinalMetric,
    double? Score,
    ScoreSource ScoreSource,
    long ComputeSteps,
    double Fraction,
    IReadOnlyList<TrialEvaluation> Evaluations,
    TrialDecision? Decision,
    int Decisions,
    string? Reason,
    string? Checkpoint);
