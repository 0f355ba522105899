namespace SweepCluster.Training.Trainer;

/// <summary>What a run does after an evaluation, as the observer decides.</summary>
public enum EvaluationAction
{
    /// <summary>Go on training.</summary>
    Continue,

    /// <summary>Write a training checkpoint, then go on.</summary>
    Checkpoint,

    /// <summary>Write a training checkpoint and return <see cref="FineTuningOutcome.Paused"/> (ignored after the last step: the run completes).</summary>
    Pause,
}
