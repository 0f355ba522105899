using System.Text.Json.Serialization;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Shared.Links;

// The node ↔ coordinator contract (DESIGN §2). Every message is a serializable record; the
// in-memory link passes them by reference, the HTTP link as JSON. One contract file, like an
// actor's message file.

/// <summary>What a node tells the coordinator when it registers.</summary>
/// <param name="ProtocolVersion">Version of this contract the node speaks.</param>
/// <param name="NodeId">Stable node name (host name by default).</param>
/// <param name="Slots">Trials it can run at once.</param>
/// <param name="Runners">Runner kinds it has (e.g. <c>simulated</c>, <c>builtin</c>, <c>command:train</c>).</param>
/// <param name="Running">Trials it is running right now (non-empty when it reconnects).</param>
public sealed record RegisterNode(int ProtocolVersion, string NodeId, int Slots, IReadOnlyList<string> Runners, IReadOnlyList<RunningTrial> Running);

/// <summary>The coordinator's answer to <see cref="RegisterNode"/>.</summary>
/// <param name="LeaseSeconds">How long the lease lasts without a sync.</param>
/// <param name="HeartbeatSeconds">How often the node should sync at least.</param>
public sealed record RegisterReply(int ProtocolVersion, string NodeId, double LeaseSeconds, double HeartbeatSeconds);

/// <summary>
/// A trial a node still owns, for reconciliation: running, or ended with its last events not yet
/// acknowledged (so a trial that finished while the coordinator was away is not run again).
/// </summary>
public sealed record RunningTrial(string TrialId, int Attempt, int Slot);

/// <summary>
/// The long-poll sync: the node's events since the last acknowledgement, and the highest command
/// sequence it has received (so the coordinator stops re-sending those).
/// </summary>
/// <param name="Hold">When true and there is nothing to return, the coordinator may hold the request until a command is ready.</param>
/// <param name="Draining">The node is shutting down: it finishes or pauses what it runs and must get no new trials.</param>
public sealed record SyncRequest(int ProtocolVersion, string NodeId, long AckedCommandSeq, IReadOnlyList<NodeEvent> Events, bool Hold, bool Draining = false);

/// <summary>Commands for the node (each with a per-node sequence) and the highest event sequence applied.</summary>
/// <param name="Known">False when the coordinator does not know the node (it must register again).</param>
public sealed record SyncReply(int ProtocolVersion, bool Known, long AckedEventSeq, IReadOnlyList<NodeCommand> Commands);

/// <summary>
/// Something that happened on a node. <see cref="Seq"/> is the node's own, increasing across all
/// its events; together with (TrialId, Attempt) it makes delivery idempotent.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(TrialStartedEvent), "started")]
[JsonDerivedType(typeof(TrialMetricEvent), "metric")]
[JsonDerivedType(typeof(TrialProgressEvent), "progress")]
[JsonDerivedType(typeof(TrialCheckpointedEvent), "checkpointed")]
[JsonDerivedType(typeof(TrialEndedEvent), "ended")]
public abstract record NodeEvent(long Seq, string TrialId, int Attempt);

/// <summary>The runner started (or resumed).</summary>
public sealed record TrialStartedEvent(long Seq, string TrialId, int Attempt) : NodeEvent(Seq, TrialId, Attempt);

/// <summary>A metric at a step; <paramref name="Fraction"/> is the share of training done.</summary>
public sealed record TrialMetricEvent(long Seq, string TrialId, int Attempt, long Step, double Fraction, string Name, double Value)
    : NodeEvent(Seq, TrialId, Attempt);

/// <summary>Progress without a metric (not journaled; shown live).</summary>
public sealed record TrialProgressEvent(long Seq, string TrialId, int Attempt, long Step, long TotalSteps)
    : NodeEvent(Seq, TrialId, Attempt);

/// <summary>A checkpoint was written and can be resumed from.</summary>
public sealed record TrialCheckpointedEvent(long Seq, string TrialId, int Attempt, long Step, double Fraction, string Path)
    : NodeEvent(Seq, TrialId, Attempt);

/// <summary>The runner returned: how it ended, and its final metric when it has one.</summary>
public sealed record TrialEndedEvent(long Seq, string TrialId, int Attempt, TrialOutcomeKind Outcome, double? FinalMetric, long Steps, string? Checkpoint, string? Message)
    : NodeEvent(Seq, TrialId, Attempt);

/// <summary>How a runner's work on one attempt ended.</summary>
public enum TrialOutcomeKind
{
    /// <summary>Trained to the end.</summary>
    Completed,

    /// <summary>Checkpointed and exited because a pause was asked for.</summary>
    Paused,

    /// <summary>Exited because a stop was asked for.</summary>
    Stopped,

    /// <summary>Loss became non-finite (the runner noticed before any policy did).</summary>
    Diverged,

    /// <summary>Threw or exited with an error; the message says why.</summary>
    Failed,
}

/// <summary>A command for a node; <see cref="Seq"/> is per node and increasing.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(StartTrialCommand), "start")]
[JsonDerivedType(typeof(StopTrialCommand), "stop")]
[JsonDerivedType(typeof(PauseTrialCommand), "pause")]
public abstract record NodeCommand(long Seq, string TrialId, int Attempt);

/// <summary>Start (or resume) a trial in a slot.</summary>
/// <param name="Key">The trial's key (seeds, config index).</param>
/// <param name="Spec">The sweep's validated spec.</param>
/// <param name="ResumeFrom">Checkpoint to resume from, or null for a fresh start.</param>
/// <param name="ResumeStep">Step the checkpoint was written at.</param>
/// <param name="PauseAtFraction">When set, the runner checkpoints and pauses on reaching this fraction of training (Dodge cohort).</param>
public sealed record StartTrialCommand(
    long Seq, string TrialId, int Attempt, int Slot, TrialKey Key, ExperimentSpec Spec,
    string? ResumeFrom, long ResumeStep, double? PauseAtFraction) : NodeCommand(Seq, TrialId, Attempt);

/// <summary>Stop a running trial (policy decision, user request or cancellation).</summary>
public sealed record StopTrialCommand(long Seq, string TrialId, int Attempt, string Reason) : NodeCommand(Seq, TrialId, Attempt);

/// <summary>Checkpoint and pause a running trial, releasing its slot.</summary>
public sealed record PauseTrialCommand(long Seq, string TrialId, int Attempt, string Reason) : NodeCommand(Seq, TrialId, Attempt);

/// <summary>Version of the node protocol spoken by this build.</summary>
public static class NodeProtocol
{
    /// <summary>Current version; bumped on any incompatible change.</summary>
    public const int Version = 1;
}
