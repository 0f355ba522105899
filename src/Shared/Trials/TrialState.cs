namespace SweepCluster.Shared.Trials;

/// <summary>
/// The trial state machine of DESIGN §3. Queued → Assigned → Running → a terminal state;
/// Paused waits for a policy decision with its slot released; Lost is transient (requeued as a
/// new attempt).
/// </summary>
public enum TrialState
{
    /// <summary>Waiting for a free slot.</summary>
    Queued,

    /// <summary>A slot was granted and the start command is on its way to the node.</summary>
    Assigned,

    /// <summary>The node reported that the runner started.</summary>
    Running,

    /// <summary>Checkpointed and stopped, slot released, waiting for a policy to resume or stop it.</summary>
    Paused,

    /// <summary>Its node's lease expired; it will be requeued as a new attempt.</summary>
    Lost,

    /// <summary>Ran to the end of training.</summary>
    Completed,

    /// <summary>Stopped by a stopping policy before the end.</summary>
    EarlyStopped,

    /// <summary>Non-finite or exploding loss, or stuck at the majority-class baseline.</summary>
    Diverged,

    /// <summary>The runner threw or exited with an error.</summary>
    Failed,

    /// <summary>Stopped by a user or because its sweep was cancelled.</summary>
    Cancelled,
}
