namespace SweepCluster.Training.Trainer;

/// <summary>
/// Receives what a <see cref="FineTuner"/> run does, on the training thread, between optimizer steps.
/// Keep callbacks short: training waits for them.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>After every optimizer step.</summary>
    void OnStep(StepReport report);

    /// <summary>After every validation pass; the answer decides whether to checkpoint or pause there.</summary>
    EvaluationAction OnEvaluation(EvaluationReport report);

    /// <summary>After a training checkpoint has been written (atomically) and can be resumed from.</summary>
    void OnCheckpoint(CheckpointReport report);
}
