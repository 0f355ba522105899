namespace SweepCluster.Training.Trainer;

/// <summary>How a <see cref="FineTuner.Run"/> call ended.</summary>
public enum FineTuningOutcome
{
    /// <summary>Trained to the end of the last epoch.</summary>
    Completed,

    /// <summary>Checkpointed and returned (pause token or <see cref="EvaluationAction.Pause"/>).</summary>
    Paused,

    /// <summary>Returned on the stop token without a checkpoint.</summary>
    Stopped,

    /// <summary>The loss or the gradient norm became non-finite.</summary>
    Diverged,
}
