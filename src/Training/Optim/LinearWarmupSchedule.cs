namespace SweepCluster.Training.Optim;

/// <summary>
/// Linear warm-up from 0 to the peak learning rate over <see cref="WarmupSteps"/> updates, then linear decay
/// to 0 at <see cref="TotalSteps"/>: Hugging Face's <c>get_linear_schedule_with_warmup</c>, multiplier for
/// step s = s / max(1, warmup) while s &lt; warmup, else max(0, (total − s) / max(1, total − warmup)).
/// </summary>
/// <remarks>
/// <para>
/// Step indexing follows what Hugging Face actually does. Its <c>LambdaLR</c> evaluates the multiplier at
/// step 0 on construction, and the training loop calls <c>scheduler.step()</c> after
/// <c>optimizer.step()</c>; so the k-th optimizer update (zero-based) uses multiplier(k). Consequently, with
/// <see cref="WarmupSteps"/> &gt; 0 the <b>first update has learning rate 0</b>: it changes no weight (weight
/// decay is also scaled by lr) but still advances AdamW's moments and its bias-correction step count. The
/// last update (k = total − 1) uses peak / (total − warmup), not 0. With <see cref="WarmupSteps"/> = 0 the
/// first update uses the peak rate.
/// </para>
/// <para>Rates are computed in double, as Python does, and handed to <see cref="AdamW"/> unrounded.</para>
/// </remarks>
public sealed class LinearWarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="peakLearningRate">The rate reached at the end of warm-up (the optimizer's base lr in HF).</param>
    /// <param name="warmupSteps">Number of warm-up updates, ≥ 0 (often ⌈ratio · total⌉ in the caller).</param>
    /// <param name="totalSteps">Total number of optimizer updates in the run, ≥ 0.</param>
    public LinearWarmupSchedule(double peakLearningRate, int warmupSteps, int totalSteps)
    {
        if (!(peakLearningRate >= 0) || double.IsInfinity(peakLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(peakLearningRate), peakLearningRate, "Must be finite and >= 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(totalSteps);
        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
    }

    /// <summary>The rate at the end of warm-up.</summary>
    public double PeakLearningRate { get; }

    /// <summary>Number of warm-up updates.</summary>
    public int WarmupSteps { get; }

    /// <summary>Update index at which the rate reaches 0.</summary>
    public int TotalSteps { get; }

    /// <summary>The factor applied to <see cref="PeakLearningRate"/> for zero-based update <paramref name="step"/>.</summary>
    public double Multiplier(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return (double)step / Math.Max(1, WarmupSteps);
        }

        return Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
    }

    /// <inheritdoc />
    public double LearningRateAt(int step) => PeakLearningRate * Multiplier(step);
}
