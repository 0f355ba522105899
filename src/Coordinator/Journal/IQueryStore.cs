using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Read side: query tables kept up to date by <see cref="IJournal.AppendAsync"/> in the same
/// transaction. Safe to use from another process while a sweep runs.
/// </summary>
public interface IQueryStore
{
    /// <summary>All sweeps, oldest first.</summary>
    Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken cancellationToken = default);

    /// <summary>One sweep, or null.</summary>
    Task<SweepRow?> GetSweepAsync(string sweepId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Trials of a sweep in expansion order (the order of their first <see cref="TrialQueued"/>),
    /// optionally only those in <paramref name="state"/>.
    /// </summary>
    Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state = null, CancellationToken cancellationToken = default);

    /// <summary>One trial, or null when no sweep has it.</summary>
    Task<TrialRow?> GetTrialAsync(string trialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The trials of a sweep that match <paramref name="filter"/>, in expansion order, skipping
    /// <paramref name="offset"/> and taking at most <paramref name="limit"/>, with how many match in
    /// all. Its cost does not grow with the size of the sweep (beyond the offset skipped).
    /// </summary>
    Task<TrialRowPage> ListTrialsPageAsync(string sweepId, TrialFilter filter, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every stored metric of a trial, ordered by attempt, step, name.</summary>
    Task<IReadOnlyList<MetricRow>> ListMetricsAsync(string trialId, CancellationToken cancellationToken = default);

    /// <summary>Every stored metric of a sweep, ordered by trial (expansion order, as <see cref="ListTrialsAsync"/>), attempt, step, name.</summary>
    Task<IReadOnlyList<MetricRow>> ListSweepMetricsAsync(string sweepId, CancellationToken cancellationToken = default);

    /// <summary>Decisions about a trial in the order they were made.</summary>
    Task<IReadOnlyList<DecisionRow>> ListDecisionsAsync(string trialId, CancellationToken cancellationToken = default);

    /// <summary>Known nodes.</summary>
    Task<IReadOnlyList<NodeRow>> ListNodesAsync(CancellationToken cancellationToken = default);
}

/// <summary>A sweep as the query table holds it.</summary>
/// <param name="Status"><c>running</c>, <c>completed</c> or <c>cancelled</c>.</param>
/// <param name="Counts">Trials per state (every state present, zero included).</param>
public sealed record SweepRow(
    string SweepId, string Name, string Status, int TrialCount,
    IReadOnlyDictionary<TrialState, int> Counts, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, string SpecYaml);

/// <summary>A trial's current state as the query table holds it.</summary>
/// <param name="Step">Latest step reported by any attempt.</param>
/// <param name="Fraction">Share of training done at <paramref name="Step"/>.</param>
/// <param name="ComputeSteps">
/// Training steps the trial has spent, exactly, over all its attempts: Σ over attempts of (the
/// highest step the attempt reached − the step it resumed from). Steps a lost or stopped attempt ran
/// past the checkpoint its successor resumed from count (they were spent and are run again); an
/// attempt resumed with no checkpoint re-runs, and counts, everything. An attempt's highest step is
/// the highest its own journaled events show: metrics, checkpoint, pause, end, or the live progress
/// the coordinator had heard when it declared the attempt lost.
/// </param>
/// <param name="LastMetricName">Name of the latest metric reported (with <paramref name="LastMetricValue"/>).</param>
/// <param name="Reason">Reason of the latest decision, or the failure message.</param>
public sealed record TrialRow(
    string TrialId, string SweepId, int ConfigIndex, int InitSeed, int OrderSeed, TrialState State, int Attempt,
    string? NodeId, long Step, double Fraction, long ComputeSteps, string? LastMetricName, double? LastMetricValue,
    double? FinalMetric, string? Checkpoint, string? Reason, DateTimeOffset UpdatedAt);

/// <summary>Which trials of a sweep a page holds; null matches any.</summary>
public sealed record TrialFilter(TrialState? State = null, int? InitSeed = null, int? OrderSeed = null);

/// <summary>A page of trials and the number of trials matching its filter.</summary>
public sealed record TrialRowPage(int Total, IReadOnlyList<TrialRow> Items);

/// <summary>One stored metric value.</summary>
public sealed record MetricRow(string TrialId, int Attempt, long Step, double Fraction, string Name, double Value);

/// <summary>One stored decision.</summary>
public sealed record DecisionRow(string TrialId, int Attempt, string Policy, string Action, string Reason, string EvidenceJson, DateTimeOffset At);

/// <summary>A node as the query table holds it.</summary>
/// <param name="State"><c>alive</c> or <c>lost</c>.</param>
public sealed record NodeRow(string NodeId, int Slots, string Runners, string State, DateTimeOffset LastSeen);
