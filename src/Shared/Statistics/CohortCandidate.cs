namespace SweepCluster.Shared.Statistics;

/// <summary>
/// One recorded trial as a candidate of an offline "start many, stop early, continue some" cohort
/// (<see cref="CohortSimulation"/>): what the policy would see at fraction f and what the trial
/// scores when trained to the end.
/// </summary>
/// <param name="EarlyScore">The validation score at the trial's first evaluation at or after f, the
/// value the policy ranks by; NaN or infinite ranks last. Null when the trial ended before f
/// (diverged or failed): it is never ranked and never continued.</param>
/// <param name="FinalScore">The final score when the trial is trained to the end; null when it has
/// none (it diverged after f). Must be finite when present.</param>
/// <param name="EarlyCost">Compute the trial spends when it is not continued, in full training runs:
/// f (the fraction at which it paused), or where it ended if that came first.</param>
/// <param name="FullCost">Compute the trial spends when it is continued, in full runs: 1, or where it
/// ended (e.g. diverged) if that came first. At least <paramref name="EarlyCost"/>.</param>
public sealed record CohortCandidate(double? EarlyScore, double? FinalScore, double EarlyCost, double FullCost);
