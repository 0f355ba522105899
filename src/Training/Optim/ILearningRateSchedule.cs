namespace SweepCluster.Training.Optim;

/// <summary>A learning rate as a pure function of the optimizer step index, so resuming needs only the step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>
    /// The learning rate used by the optimizer update whose zero-based index is <paramref name="step"/>, i.e.
    /// the update performed when <see cref="AdamW.Step"/> equals <paramref name="step"/> (before it increments).
    /// </summary>
    double LearningRateAt(int step);
}
