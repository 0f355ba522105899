using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Trainer;

/// <summary>One validation pass, as <see cref="ITrainingObserver.OnEvaluation"/> receives it.</summary>
/// <param name="Step">Optimizer steps done when the model was evaluated.</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="Epoch">The (0-based) epoch the evaluation belongs to.</param>
/// <param name="Evaluation">Evaluations so far in the run, this one included (1-based).</param>
/// <param name="Metric">Which metric <see cref="Value"/> is.</param>
/// <param name="Value">The validation metric.</param>
/// <param name="TrainingLoss">
/// Mean of the step losses since the previous evaluation (or the start), i.e. over
/// <paramref name="IntervalSteps"/> steps; survives a pause/resume in between.
/// </param>
/// <param name="IntervalSteps">Steps averaged in <see cref="TrainingLoss"/>.</param>
public sealed record EvaluationReport(
    int Step, int TotalSteps, int Epoch, int Evaluation, MetricKind Metric, double Value, double TrainingLoss, int IntervalSteps)
{
    /// <summary>Share of training done: <see cref="Step"/> / <see cref="TotalSteps"/>.</summary>
    public double Fraction => (double)Step / TotalSteps;

    /// <summary>True for the evaluation at the end of the last epoch.</summary>
    public bool IsFinal => Step == TotalSteps;
}
