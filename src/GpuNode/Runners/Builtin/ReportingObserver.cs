using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// Forwards training to the trial's reporter: progress every step; at each evaluation the mean training loss
/// since the previous one (<c>loss</c>; per-step losses are not journaled) and the validation metric; every
/// checkpoint. Decides where to checkpoint: pause at the first evaluation of this attempt whose fraction
/// reaches <c>PauseAtFraction</c>, and optionally checkpoint at every evaluation.
/// </summary>
internal sealed class ReportingObserver(ITrialReporter reporter, string metricName, double? pauseAtFraction, bool checkpointEveryEvaluation)
    : ITrainingObserver
{
    /// <summary>The loss metric's name, as the divergence policy reads it.</summary>
    public const string LossName = "loss";

    public void OnStep(StepReport report) => reporter.Progress(report.Step, report.TotalSteps);

    public EvaluationAction OnEvaluation(EvaluationReport report)
    {
        reporter.Metric(report.Step, report.Fraction, LossName, report.TrainingLoss);
        reporter.Metric(report.Step, report.Fraction, metricName, report.Value);
        if (report.IsFinal)
        {
            return EvaluationAction.Continue;
        }

        if (pauseAtFraction is { } pauseAt && report.Fraction >= pauseAt)
        {
            return EvaluationAction.Pause;
        }

        return checkpointEveryEvaluation ? EvaluationAction.Checkpoint : EvaluationAction.Continue;
    }

    public void OnCheckpoint(CheckpointReport report) => reporter.Checkpoint(report.Step, report.Fraction, report.Path);
}
