namespace SweepCluster.Shared.Statistics;

/// <summary>How many trials are needed to reach a target score with a given confidence.</summary>
/// <param name="Trials">Smallest n with P(best of n reaches the target) ≥ 1 − α; null when no observed
/// score reaches the target (unreachable under the empirical distribution).</param>
/// <param name="ClosedFormTrials">max(1, ⌈log α / log q⌉); null when unreachable. Equals
/// <paramref name="Trials"/> except where rounding of the logarithms straddles an integer.</param>
/// <param name="MissProbability">q: the empirical probability that one trial misses the target,
/// F(θ⁻) = #(scores &lt; θ)/N for a maximized metric, #(scores &gt; θ)/N for a minimized one.</param>
/// <param name="ScoresReachingTarget">Observed scores at or beyond the target.</param>
/// <param name="TotalScores">N.</param>
/// <param name="Alpha">The accepted failure probability α.</param>
public sealed record BudgetEstimate(
    int? Trials,
    int? ClosedFormTrials,
    double MissProbability,
    int ScoresReachingTarget,
    int TotalScores,
    double Alpha);
