using SweepCluster.Shared.Specs;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// Everything <c>sweep report</c> shows about one sweep: per-trial rows and the statistics of
/// Dodge et al. (2020) over the completed trials. A plain record tree, serialized with
/// <see cref="SweepReportJsonContext"/> (camelCase) so the HTTP API can serve it as is. Built by
/// <see cref="SweepReportBuilder"/>; works on a sweep that is still running (see <see cref="Partial"/>).
/// </summary>
/// <param name="Version">Report format version (<see cref="CurrentVersion"/>).</param>
/// <param name="Status"><c>running</c>, <c>completed</c> or <c>cancelled</c>.</param>
/// <param name="Partial">True while the sweep is running: only the trials completed so far enter the statistics.</param>
/// <param name="Counts">Trials per state, every state listed (zeros included) in enum order.</param>
/// <param name="Metric">The spec's ranking metric and its direction.</param>
/// <param name="EvaluationSteps">Every step at which some trial reported the ranking metric, ascending.</param>
/// <param name="Trials">One row per trial, in expansion order.</param>
/// <param name="StatisticsScope">Which trials the statistics use, and how many were left out and why.</param>
/// <param name="Statistics">Statistics over the completed trials' final scores; null before any trial completed.</param>
/// <param name="Divergence">Divergence rates over the trials whose training outcome is known.</param>
/// <param name="Best">The best completed trial; null before any trial completed.</param>
/// <param name="Plans">Start-many / stop-early plans found in decision evidence, one per distinct (policy, t, f, p).</param>
public sealed record SweepReport(
    int Version,
    string SweepId,
    string Name,
    string Status,
    bool Partial,
    int TrialCount,
    IReadOnlyList<StateCount> Counts,
    ReportProgress Progress,
    MetricSpec Metric,
    IReadOnlyList<long> EvaluationSteps,
    IReadOnlyList<TrialReport> Trials,
    string StatisticsScope,
    ReportStatistics? Statistics,
    DivergenceReport Divergence,
    BestTrialReport? Best,
    IReadOnlyList<PlanReport> Plans,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The report format version this code writes.</summary>
    public const int CurrentVersion = 1;
}
