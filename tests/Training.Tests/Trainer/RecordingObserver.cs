using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

/// <summary>Records every callback; optionally requests a pause after a given step or at an evaluation.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? pause = null, int pauseAfterStep = -1) : ITrainingObserver
{
    public List<StepReport> Steps { get; } = [];

    public List<EvaluationReport> Evaluations { get; } = [];

    public List<CheckpointReport> Checkpoints { get; } = [];

    /// <summary>Answer to give at each evaluation (by its 1-based number); Continue otherwise.</summary>
    public Dictionary<int, EvaluationAction> Actions { get; } = [];

    public void OnStep(StepReport report)
    {
        Steps.Add(report);
        if (report.Step == pauseAfterStep)
        {
            pause?.Cancel();
        }
    }

    public EvaluationAction OnEvaluation(EvaluationReport report)
    {
        Evaluations.Add(report);
        return Actions.GetValueOrDefault(report.Evaluation, EvaluationAction.Continue);
    }

    public void OnCheckpoint(CheckpointReport report) => Checkpoints.Add(report);
}
