namespace SweepCluster.Coordinator.Leadership;

/// <summary>
/// Timing of the election among coordinators sharing a PostgreSQL database. A standby takes over
/// at most <see cref="Lease"/> + <see cref="PollInterval"/> after the leader stopped renewing (plus
/// its own recovery from the journal).
/// </summary>
public sealed class LeadershipOptions
{
    /// <summary>How long a leader's lease lasts without renewal. Default 6 s.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a standby tries to take over. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader renews: a third of <see cref="Lease"/>, so two renewals may fail before it expires.</summary>
    public TimeSpan RenewInterval => Lease / 3;

    /// <summary>Throws when the settings are unusable.</summary>
    public void Validate()
    {
        if (Lease <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The leader lease and the standby poll interval must be positive.");
        }
    }
}
