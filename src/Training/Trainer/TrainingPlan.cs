namespace SweepCluster.Training.Trainer;

/// <summary>
/// The shape of a run as a pure function of the training-set size and the options: steps per epoch, total
/// steps, warm-up, where evaluations fall and how a batch is split into micro-batches. Positions are pure
/// functions of the optimizer step, which is what makes a checkpoint's position easy to verify.
/// </summary>
internal sealed class TrainingPlan
{
    public TrainingPlan(int trainExamples, FineTuningOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainExamples, 1);
        ArgumentNullException.ThrowIfNull(options);
        TrainExamples = trainExamples;
        BatchSize = options.BatchSize;
        StepsPerEpoch = (trainExamples + options.BatchSize - 1) / options.BatchSize;
        Epochs = options.Epochs;
        TotalSteps = checked(options.Epochs * StepsPerEpoch);

        // Hugging Face's get_warmup_steps: ceil(total · ratio), float rounding included.
        WarmupSteps = (int)Math.Ceiling(TotalSteps * options.WarmupFraction);
        EvaluationsPerEpoch = Math.Min(options.EvaluationsPerEpoch, StepsPerEpoch);
        MicroBatches = options.GradientAccumulation;
    }

    public int TrainExamples { get; }

    public int BatchSize { get; }

    public int StepsPerEpoch { get; }

    public int Epochs { get; }

    public int TotalSteps { get; }

    public int WarmupSteps { get; }

    public int EvaluationsPerEpoch { get; }

    public int MicroBatches { get; }

    /// <summary>The epoch and batch index that optimizer step number <paramref name="stepsDone"/> + 1 trains on.</summary>
    public (int Epoch, int Batch) PositionAfter(int stepsDone) => (stepsDone / StepsPerEpoch, stepsDone % StepsPerEpoch);

    /// <summary>
    /// True when the model is evaluated after optimizer step <paramref name="step"/> (1-based): the steps
    /// s of each epoch (1-based within it) where ⌊s·E/S⌋ increases, so the E evaluations split the epoch
    /// into equal step shares (up to rounding) and the last falls on its last step.
    /// </summary>
    public bool IsEvaluationStep(int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var s = ((step - 1) % StepsPerEpoch) + 1;
        return (long)s * EvaluationsPerEpoch / StepsPerEpoch != (long)(s - 1) * EvaluationsPerEpoch / StepsPerEpoch;
    }

    /// <summary>
    /// Splits a batch of <paramref name="length"/> examples into up to <see cref="MicroBatches"/>
    /// consecutive parts whose sizes differ by at most one (larger parts first).
    /// </summary>
    public IEnumerable<(int Start, int Length)> MicroBatchesOf(int length)
    {
        var parts = Math.Min(MicroBatches, length);
        var size = length / parts;
        var extra = length % parts;
        var start = 0;
        for (var i = 0; i < parts; i++)
        {
            var n = size + (i < extra ? 1 : 0);
            yield return (start, n);
            start += n;
        }
    }
}
