using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Http;

// Wire shapes of the client API that are not store rows (the rows themselves are sent as they are).

/// <summary>An error answer: a message, and the spec line when a submitted spec is invalid.</summary>
public sealed record ApiError(string Error, int? Line = null);

/// <summary>Answer to a submission.</summary>
public sealed record SubmitResponse(string SweepId);

/// <summary>A sweep with its live progress (null when it is not active) and ETA in seconds when known.</summary>
public sealed record SweepSummary(SweepRow Sweep, SweepProgress? Progress, double Done, double? EtaSeconds);

/// <summary>One page of a sweep's trials; <paramref name="Total"/> counts every trial matching the filters.</summary>
/// <param name="Offset">The offset asked for; null for a page asked for with <c>after</c>.</param>
/// <param name="Next">
/// The cursor of the next page (<c>after=</c> this trial id) when more matching trials follow; null on the last page.
/// </param>
public sealed record TrialPage(int Total, int? Offset, IReadOnlyList<TrialRow> Items, string? Next);

/// <summary>A trial with every stored metric and decision.</summary>
public sealed record TrialDetail(TrialRow Trial, IReadOnlyList<MetricRow> Metrics, IReadOnlyList<DecisionRow> Decisions);

/// <summary>Answer to a stop or cancel request: whether something changed.</summary>
public sealed record ActionResponse(bool Changed, string Message);

/// <summary>One change in a sweep, as the event stream sends it.</summary>
/// <param name="Kind"><c>sweep</c> (the sweep row changed) or <c>trial</c>.</param>
public sealed record SweepChange(string Kind, SweepRow? Sweep, TrialRow? Trial);
