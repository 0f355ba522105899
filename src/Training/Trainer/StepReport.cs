namespace SweepCluster.Training.Trainer;

/// <summary>One optimizer step, as <see cref="ITrainingObserver.OnStep"/> receives it.</summary>
/// <param name="Step">Optimizer steps done, including this one (1-based).</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="Epoch">The (0-based) epoch this step belongs to.</param>
/// <param name="Loss">Mean training loss of this step's batch (micro-batch losses weighted by their share).</param>
/// <param name="LearningRate">The learning rate the update used.</param>
/// <param name="GradientNorm">Global gradient norm before clipping; NaN when clipping is off (it is not computed then).</param>
public sealed record StepReport(int Step, int TotalSteps, int Epoch, double Loss, double LearningRate, double GradientNorm)
{
    /// <summary>Share of training done: <see cref="Step"/> / <see cref="TotalSteps"/>.</summary>
    public double Fraction => (double)Step / TotalSteps;
}
