using System.Globalization;
using System.Text;
using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Hyper-parameters of one fine-tuning run (dropout is part of the model's <see cref="Model.BertConfig"/>,
/// the thread count part of the <see cref="Model.BertClassifier"/>). Defaults follow Dodge et al. (2020).
/// </summary>
public sealed record FineTuningOptions
{
    /// <summary>Passes over the training data; default 3.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>
    /// Examples per optimizer step; default 32. Each epoch's permutation is cut into batches of this size
    /// (the last one may be short; no example is dropped).
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak AdamW learning rate; default 2e-5.</summary>
    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Share of steps with linear warm-up, in [0, 1); warm-up steps = ⌈fraction · total⌉. Default 0.1.</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>AdamW's decoupled weight decay (not applied to biases and LayerNorm weights); default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Global-norm gradient clipping threshold; 0 disables clipping. Default 1.0.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>
    /// Validation passes per epoch at equal step fractions, the last one at the end of the epoch; default 10.
    /// When an epoch has fewer steps than this, every step is evaluated.
    /// </summary>
    public int EvaluationsPerEpoch { get; init; } = 10;

    /// <summary>
    /// Micro-batches each optimizer batch is split into (sizes differ by at most one); default 1. Each
    /// micro-batch's loss is weighted by its share of the batch, so accumulation changes memory use, not
    /// the mathematics of the step (results agree with an unsplit batch up to float rounding).
    /// </summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Examples per validation forward pass; default 64. Does not change any metric.</summary>
    public int EvaluationBatchSize { get; init; } = 64;

    /// <summary>The validation metric reported at each evaluation; default accuracy.</summary>
    public MetricKind Metric { get; init; } = MetricKind.Accuracy;

    /// <summary>Training checkpoints kept in the checkpoint folder (older ones are deleted); default 2.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluationsPerEpoch, 1, nameof(EvaluationsPerEpoch));
        ArgumentOutOfRangeException.ThrowIfLessThan(GradientAccumulation, 1, nameof(GradientAccumulation));
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluationBatchSize, 1, nameof(EvaluationBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepCheckpoints, 1, nameof(KeepCheckpoints));
        if (!(LearningRate >= 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and >= 0.");
        }

        if (!(WarmupFraction >= 0 && WarmupFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, "Must be in [0, 1).");
        }

        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be finite and >= 0.");
        }

        if (!(MaxGradNorm >= 0) || double.IsInfinity(MaxGradNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "Must be finite and >= 0 (0 disables clipping).");
        }
    }

    /// <summary>
    /// The settings that change the numbers, one <c>key=value</c> per line in invariant form (doubles
    /// round-trip exactly). <see cref="EvaluationBatchSize"/> and <see cref="KeepCheckpoints"/> are left out.
    /// </summary>
    internal string Canonical()
    {
        var b = new StringBuilder();
        void Add(string key, int value) => b.Append(key).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        void AddReal(string key, double value) => b.Append(key).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        Add("epochs", Epochs);
        Add("batch_size", BatchSize);
        AddReal("learning_rate", LearningRate);
        AddReal("warmup_fraction", WarmupFraction);
        AddReal("weight_decay", WeightDecay);
        AddReal("max_grad_norm", MaxGradNorm);
        Add("evaluations_per_epoch", EvaluationsPerEpoch);
        Add("gradient_accumulation", GradientAccumulation);
        b.Append("metric=").Append(Metrics.Metric.Name(Metric)).Append('\n');
        return b.ToString();
    }
}
