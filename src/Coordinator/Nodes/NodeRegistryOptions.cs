namespace SweepCluster.Coordinator.Nodes;

/// <summary>Lease and long-poll timing of the node registry.</summary>
public sealed class NodeRegistryOptions
{
    /// <summary>A node that has not synced for this long is Lost and its trials are requeued. Default 10 s.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often nodes sync at least (sent to them at registration). Default 2 s.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest time a sync with nothing to deliver is held open. Default 2 s (≤ heartbeat).</summary>
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often leases are checked. Default 1 s.</summary>
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        if (Lease <= TimeSpan.Zero || Heartbeat <= TimeSpan.Zero || MaxHold < TimeSpan.Zero || LeaseCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Node registry timings must be positive.");
        }

        if (Heartbeat >= Lease || MaxHold >= Lease)
        {
            throw new ArgumentException($"Heartbeat ({Heartbeat}) and MaxHold ({MaxHold}) must be shorter than the lease ({Lease}).");
        }
    }
}
