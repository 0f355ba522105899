using SweepCluster.Coordinator.Nodes;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>Settings of a coordinator instance.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>Lease and long-poll timing. Defaults: lease 10 s, heartbeat 2 s, hold 2 s.</summary>
    public NodeRegistryOptions Nodes { get; set; } = new();

    /// <summary>How long an internal request between actors may take before it fails. Default 30 s.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Restarts a crashing actor gets within a minute before it is stopped. Default 10.</summary>
    public int MaxRestarts { get; set; } = 10;

    /// <summary>Throws when the settings are unusable.</summary>
    public void Validate()
    {
        Nodes.Validate();
        if (AskTimeout <= TimeSpan.Zero || MaxRestarts < 0)
        {
            throw new ArgumentException("AskTimeout must be positive and MaxRestarts non-negative.");
        }
    }
}
