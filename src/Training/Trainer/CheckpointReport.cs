namespace SweepCluster.Training.Trainer;

/// <summary>A training checkpoint that has been written.</summary>
/// <param name="Step">Optimizer steps it contains.</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="Path">The checkpoint folder (pass it to <see cref="FineTuner.Resume"/>).</param>
public sealed record CheckpointReport(int Step, int TotalSteps, string Path)
{
    /// <summary>Share of training done.</summary>
    public double Fraction => (double)Step / TotalSteps;
}
