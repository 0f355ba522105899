namespace SweepCluster.Coordinator.Sweeps;

/// <summary>The actions a <c>DecisionMade</c> event can carry.</summary>
public static class DecisionActions
{
    /// <summary>Stop the trial; it ends EarlyStopped.</summary>
    public const string Stop = "stop";

    /// <summary>Stop the trial; it ends Diverged.</summary>
    public const string Diverged = "diverged";

    /// <summary>Stop the trial; it ends Cancelled (user request or sweep cancelled).</summary>
    public const string Cancel = "cancel";

    /// <summary>Checkpoint and pause the trial, releasing its slot.</summary>
    public const string Pause = "pause";

    /// <summary>Resume a paused trial from its checkpoint.</summary>
    public const string Resume = "resume";

    /// <summary>Let the trial go on (recorded so that reports can say why it was kept).</summary>
    public const string Continue = "continue";
}
