using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

// The journal's event contract: the one exception to one-type-per-file, like actor message files.

/// <summary>
/// A sweep was submitted. The spec is kept as its YAML text so replay re-validates it;
/// <paramref name="BaseDirectory"/> is where its relative paths resolve.
/// </summary>
public sealed record SweepSubmitted(string SweepId, string Name, string SpecYaml, string BaseDirectory, int TrialCount) : SweepEvent;

/// <summary>
/// A trial entered the queue for launch number <paramref name="Attempt"/> (1 for the first launch;
/// every relaunch — after a lost node or a pause — increments it). When <paramref name="ResumeFrom"/>
/// is set the runner resumes from that checkpoint at <paramref name="ResumeStep"/>.
/// </summary>
public sealed record TrialQueued(
    string TrialId, int ConfigIndex, int InitSeed, int OrderSeed, int Attempt, string? ResumeFrom, long ResumeStep) : SweepEvent;

/// <summary>The scheduler granted the trial a slot; the start command goes out after this is durable.</summary>
public sealed record TrialAssigned(string TrialId, int Attempt, string NodeId, int Slot) : SweepEvent;

/// <summary>The node reported that the runner started.</summary>
public sealed record TrialStarted(string TrialId, int Attempt) : SweepEvent;

/// <summary>
/// One metric value at an optimizer step. Stored once per (trial, attempt, step, name); a repeat is
/// dropped by the store. <paramref name="Fraction"/> is the share of total training done (0..1).
/// </summary>
public sealed record MetricReported(string TrialId, int Attempt, long Step, double Fraction, string Name, double Value) : SweepEvent;

/// <summary>The runner wrote a checkpoint that a later attempt can resume from.</summary>
public sealed record TrialCheckpointed(string TrialId, int Attempt, long Step, double Fraction, string Path) : SweepEvent;

/// <summary>The trial checkpointed and released its slot; it waits for a policy decision.</summary>
public sealed record TrialPaused(string TrialId, int Attempt, long Step, string? Checkpoint) : SweepEvent;

/// <summary>
/// A stopping policy decided something about a trial (stop, pause, continue, promote, diverged).
/// Persisted before any command it causes is sent; <paramref name="EvidenceJson"/> holds the values,
/// ranks and thresholds the policy used.
/// </summary>
public sealed record DecisionMade(string TrialId, int Attempt, string Policy, string Action, string Reason, string EvidenceJson) : SweepEvent;

/// <summary>
/// The trial reached a terminal state. <paramref name="Steps"/> is the highest step this attempt
/// reached (its resume step when it never ran), never a step of an earlier attempt: the query
/// projection counts compute per attempt from it.
/// </summary>
public sealed record TrialFinished(
    string TrialId, int Attempt, TrialState State, double? FinalMetric, long Steps, string? Message) : SweepEvent;

/// <summary>
/// The trial's node was lost (lease expired); it will be requeued if attempts remain.
/// <paramref name="Step"/> is the highest step the coordinator heard this attempt reach, live
/// progress included (progress is not journaled otherwise): the steps the attempt spent. Journals
/// written before the field existed read it as 0 (the attempt's metrics and checkpoints still count).
/// </summary>
public sealed record TrialLost(string TrialId, int Attempt, string NodeId, long Step) : SweepEvent;

/// <summary>The sweep was cancelled; queued and running trials become Cancelled.</summary>
public sealed record SweepCancelled(string Reason) : SweepEvent;

/// <summary>
/// A cancelled sweep was resumed: it runs again. The trials the cancel ended are requeued by the
/// <see cref="TrialQueued"/> events that follow; a trial still stopping for the cancel is let go on.
/// Trials that ended any other way (completed, diverged, failed, early-stopped, stopped one by one) stay.
/// </summary>
public sealed record SweepResumed(string Reason) : SweepEvent;

/// <summary>Every trial of the sweep reached a terminal state.</summary>
public sealed record SweepCompleted : SweepEvent;

/// <summary>A node registered (cluster stream).</summary>
public sealed record NodeJoined(string NodeId, int Slots, string Runners) : SweepEvent;

/// <summary>A node's lease expired (cluster stream).</summary>
public sealed record NodeLost(string NodeId, string Reason) : SweepEvent;
