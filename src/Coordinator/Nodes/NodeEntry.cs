using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Nodes;

/// <summary>The registry's record of one node: lease, command outbox and a held poll.</summary>
internal sealed class NodeEntry(string nodeId, int slots, DateTimeOffset lastSeen, bool confirmed)
{
    public string NodeId { get; } = nodeId;

    public int Slots { get; } = slots;

    public DateTimeOffset LastSeen { get; set; } = lastSeen;

    /// <summary>False until the node registers with this coordinator instance.</summary>
    public bool Confirmed { get; } = confirmed;

    /// <summary>Commands not yet acknowledged, in sequence order; re-sent on every sync until acked.</summary>
    public List<NodeCommand> Outbox { get; } = [];

    public long NextSeq { get; set; } = 1;

    /// <summary>The node said it is shutting down; its slots were withdrawn from the scheduler.</summary>
    public bool Draining { get; set; }

    public Reply<SyncReply>? Waiter { get; set; }

    public long WaiterId { get; set; }

    public ITimer? WaiterTimer { get; set; }

    public void CompleteWaiter(SyncReply reply)
    {
        WaiterTimer?.Dispose();
        WaiterTimer = null;
        Waiter?.Complete(reply);
        Waiter = null;
    }
}
