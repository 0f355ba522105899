namespace SweepCluster.Shared.Statistics;

/// <summary>
/// The exact law of a start-many / stop-early / continue-some cohort drawn uniformly at random from
/// recorded trials (<see cref="CohortSimulation.Evaluate"/>).
/// </summary>
/// <param name="TrialsStarted">t: the cohort size.</param>
/// <param name="TrialsContinued">p: how many of the ranked trials continue to the end.</param>
/// <param name="Candidates">N: the recorded trials cohorts are drawn from.</param>
/// <param name="ExpectedBest">Expected best final score among the continued trials, given that at least
/// one of them has a final score; null when that never happens.</param>
/// <param name="StdBest">Standard deviation of that best score (same conditioning); null with
/// <paramref name="ExpectedBest"/>.</param>
/// <param name="ProbabilityOfScore">Probability that the cohort ends with at least one final score.</param>
/// <param name="ExpectedCost">Expected compute of the cohort, in full training runs
/// (t·f + p·(1 − f) when every trial reaches f and finishes).</param>
public sealed record CohortOutcome(
    int TrialsStarted,
    int TrialsContinued,
    int Candidates,
    double? ExpectedBest,
    double? StdBest,
    double ProbabilityOfScore,
    double ExpectedCost);
