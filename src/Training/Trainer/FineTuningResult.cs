namespace SweepCluster.Training.Trainer;

/// <summary>The end of a <see cref="FineTuner.Run"/> call.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Steps">Optimizer steps done in total (including those before a resume).</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="FinalMetric">The validation metric at the end of training (only when <see cref="FineTuningOutcome.Completed"/>).</param>
/// <param name="Checkpoint">The checkpoint written on pause, else null.</param>
/// <param name="Message">Why it diverged, else null.</param>
public sealed record FineTuningResult(
    FineTuningOutcome Outcome, int Steps, int TotalSteps, double? FinalMetric, string? Checkpoint, string? Message);
