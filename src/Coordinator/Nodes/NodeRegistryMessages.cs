using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Nodes;

/// <summary>Messages the <see cref="NodeRegistry"/> handles.</summary>
internal abstract record RegistryMessage;

/// <summary>A node registers (or re-registers after either side restarted).</summary>
internal sealed record RegisterNodeRequest(RegisterNode Request, Reply<RegisterReply> Reply) : RegistryMessage;

/// <summary>The command half of a sync: renews the lease, acknowledges commands, returns pending ones.</summary>
/// <remarks>A draining node gets no new trials: the scheduler forgets its slots.</remarks>
internal sealed record PollCommands(string NodeId, long AckedCommandSeq, bool Hold, Reply<SyncReply> Reply, bool Draining = false) : RegistryMessage;

/// <summary>
/// A sync arrived from the node: its lease is renewed now, before its events are journaled (which
/// can take a while when many nodes feed one sweep), not only when the command half is answered.
/// </summary>
internal sealed record NodeSeen(string NodeId) : RegistryMessage;

/// <summary>
/// The node is shutting down: withdraw its slots from the scheduler before its last events are
/// applied, so trials they requeue are not offered straight back to it.
/// </summary>
internal sealed record MarkDraining(string NodeId, Reply<bool> Reply) : RegistryMessage;

/// <summary>Commands for a node, already justified by durable events.</summary>
internal sealed record EnqueueCommands(string NodeId, IReadOnlyList<NodeCommand> Commands) : RegistryMessage;

/// <summary>A held poll reached its time limit.</summary>
internal sealed record HoldExpired(string NodeId, long WaiterId) : RegistryMessage;

/// <summary>Timer tick at <paramref name="At"/>: expire leases.</summary>
internal sealed record CheckLeases(DateTimeOffset At) : RegistryMessage;

/// <summary>The coordinator is open (sweeps recovered, answering nodes): leases start now.</summary>
internal sealed record OpenLeases(Reply<bool> Reply) : RegistryMessage;

/// <summary>Lists the nodes and their lease state.</summary>
internal sealed record ListNodes(Reply<IReadOnlyList<NodeView>> Reply) : RegistryMessage;

/// <summary>A node as the registry sees it.</summary>
/// <param name="Confirmed">False for a node known from the journal that has not re-registered since a restart.</param>
public sealed record NodeView(string NodeId, int Slots, bool Confirmed, DateTimeOffset LastSeen, int PendingCommands);
