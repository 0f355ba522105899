using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Scheduling;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Messages a <see cref="SweepActor"/> handles.</summary>
internal abstract record SweepMessage;

/// <summary>Start a new sweep: the submission and its expanded trials.</summary>
internal sealed record SubmitSweep(SweepSubmitted Submitted, IReadOnlyList<TrialKey> Keys, Reply<bool> Reply) : SweepMessage;

/// <summary>Free slots offered by the scheduler.</summary>
internal sealed record SlotsGranted(IReadOnlyList<SlotGrant> Grants) : SweepMessage;

/// <summary>Events from a node for trials of this sweep; replied to once they are durable.</summary>
internal sealed record ApplyNodeEvents(string NodeId, IReadOnlyList<NodeEvent> Events, Reply<bool> Reply) : SweepMessage;

/// <summary>A node's lease expired.</summary>
internal sealed record NodeLostNotice(string NodeId) : SweepMessage;

/// <summary>A node (re)registered and listed what it still owns.</summary>
internal sealed record NodeRegisteredNotice(string NodeId, IReadOnlyList<RunningTrial> Owned) : SweepMessage;

/// <summary>Cancel the sweep.</summary>
internal sealed record CancelSweep(string Reason, Reply<bool> Reply) : SweepMessage;

/// <summary>Resume the sweep if it is cancelled; replies with what happened.</summary>
internal sealed record ResumeSweep(string Reason, Reply<SweepResumeResult> Reply) : SweepMessage;

/// <summary>A live view of the sweep (includes progress that is not journaled).</summary>
internal sealed record GetProgress(Reply<SweepProgress> Reply) : SweepMessage;

/// <summary>Stop one trial at a user's request; replies false when there was nothing to stop.</summary>
internal sealed record StopTrialRequest(string TrialId, string Reason, Reply<bool> Reply) : SweepMessage;
