using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Actors;

namespace SweepCluster.Coordinator.Scheduling;

/// <summary>Messages the <see cref="Scheduler"/> handles.</summary>
internal abstract record SchedulerMessage;

/// <summary>A node has this many slots (registration).</summary>
internal sealed record NodeUp(string NodeId, int Slots) : SchedulerMessage;

/// <summary>A node is gone; its slots and the trials on them are forgotten.</summary>
internal sealed record NodeDown(string NodeId) : SchedulerMessage;

/// <summary>A sweep came online (submitted or recovered) with the slots it already holds.</summary>
internal sealed record SweepOnline(string SweepId, ActorRef<SweepMessage> Sweep, int Demand, IReadOnlyList<(string TrialId, string NodeId, int Slot)> Occupied) : SchedulerMessage;

/// <summary>A sweep's demand changed and some of its trials released their slots.</summary>
internal sealed record SweepChanged(string SweepId, int Demand, IReadOnlyList<string> Released) : SchedulerMessage;

/// <summary>The sweep answered a batch of grants: which trial took each, or null if unused.</summary>
internal sealed record GrantsResolved(string SweepId, IReadOnlyList<(long GrantId, string? TrialId)> Grants, int Demand) : SchedulerMessage;

/// <summary>The sweep finished or was cancelled and wants no more slots.</summary>
internal sealed record SweepOffline(string SweepId) : SchedulerMessage;

/// <summary>A node reported the trials it runs (after re-registration); they hold slots.</summary>
internal sealed record SlotsOccupied(string NodeId, IReadOnlyList<(string TrialId, int Slot)> Trials) : SchedulerMessage;
