using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// How often trials diverged, over the trials whose training outcome is known: Completed, EarlyStopped
/// and Diverged (Failed and Cancelled trials say nothing about divergence; running ones are not done).
/// </summary>
/// <param name="Trials">Trials counted.</param>
/// <param name="Rate">Diverged / Trials; null when no trial is counted.</param>
/// <param name="ByInit">Rate per weight-init seed, in seed order.</param>
/// <param name="ByOrder">Rate per data-order seed, in seed order.</param>
public sealed record DivergenceReport(int Trials, int Diverged, double? Rate, IReadOnlyList<DivergenceRate> ByInit, IReadOnlyList<DivergenceRate> ByOrder);
