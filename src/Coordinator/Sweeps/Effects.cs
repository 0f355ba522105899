using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// Collects what one message to a sweep caused: events (applied to the state as they are emitted,
/// so later decisions in the same message see them) and the node commands to send once those
/// events are durable.
/// </summary>
internal sealed class Effects(SweepState state)
{
    private readonly List<SweepEvent> _events = [];
    private readonly List<OutgoingCommand> _commands = [];

    public IReadOnlyList<SweepEvent> Events => _events;

    public IReadOnlyList<OutgoingCommand> Commands => _commands;

    public void Emit(SweepEvent e)
    {
        state.Apply(e);
        _events.Add(e);
    }

    public void Send(string nodeId, NodeCommand command) => _commands.Add(new OutgoingCommand(nodeId, command));
}

/// <summary>A command for a node; the node registry gives it its sequence number.</summary>
internal sealed record OutgoingCommand(string NodeId, NodeCommand Command);
