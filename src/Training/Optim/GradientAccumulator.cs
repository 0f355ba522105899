namespace SweepCluster.Training.Optim;

/// <summary>
/// Counts micro-batches for gradient accumulation and gives the loss scale that makes k accumulated
/// micro-batches equal one batch k times larger.
/// </summary>
/// <remarks>
/// The contract, as in PyTorch/Hugging Face: backward passes <b>add</b> (+=) into
/// <see cref="Model.Parameter.Grad"/>; each micro-batch's mean loss is multiplied by <see cref="LossScale"/>
/// (= 1/k) before backward (i.e. the backward pass is seeded with dLoss = 1/k); after the k-th micro-batch
/// (<see cref="CompleteMicroBatch"/> returns true) the caller clips, calls <see cref="AdamW.Update(ILearningRateSchedule)"/>
/// once and zeroes the gradients with <see cref="GradientClipping.ZeroGrad"/>. The schedule counts optimizer
/// updates, not micro-batches. With equal micro-batch sizes the accumulated gradient equals the full-batch mean
/// gradient up to float rounding. Checkpoints are meant to be taken at update boundaries, where
/// <see cref="Pending"/> is 0.
/// </remarks>
public sealed class GradientAccumulator
{
    /// <summary>Creates an accumulator for <paramref name="microBatchesPerStep"/> micro-batches per update (≥ 1).</summary>
    public GradientAccumulator(int microBatchesPerStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatchesPerStep, 1);
        MicroBatchesPerStep = microBatchesPerStep;
    }

    /// <summary>Micro-batches accumulated into one optimizer update.</summary>
    public int MicroBatchesPerStep { get; }

    /// <summary>Factor applied to each micro-batch's mean loss: 1 / <see cref="MicroBatchesPerStep"/>.</summary>
    public double LossScale => 1.0 / MicroBatchesPerStep;

    /// <summary>Micro-batches accumulated since the last update.</summary>
    public int Pending { get; private set; }

    /// <summary>Records one finished backward pass; true when the optimizer should now update (and the count restarts).</summary>
    public bool CompleteMicroBatch()
    {
        Pending++;
        if (Pending < MicroBatchesPerStep)
        {
            return false;
        }

        Pending = 0;
        return true;
    }
}
