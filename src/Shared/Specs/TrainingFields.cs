namespace SweepCluster.Shared.Specs;

/// <summary>
/// The table of <see cref="TrainingSpec"/> fields: one source for the <c>training</c> section, the
/// grid's allowed axes and <see cref="SpecExpansion.ConfigFor"/>.
/// </summary>
internal static class TrainingFields
{
    /// <summary>The defaults of DESIGN §5 / Dodge et al. (2020).</summary>
    public static readonly TrainingSpec Defaults = new(
        Epochs: 3,
        BatchSize: 32,
        LearningRate: 2e-5,
        WarmupFraction: 0.1,
        WeightDecay: 0.01,
        MaxGradNorm: 1.0,
        Dropout: 0.1,
        EvaluationsPerEpoch: 10,
        GradientAccumulation: 1,
        Threads: 1);

    /// <summary>Every field, in the order of the record.</summary>
    public static readonly IReadOnlyList<TrainingField> All =
    [
        new("epochs", NumberRange.PositiveInteger, s => s.Epochs, (s, v) => s with { Epochs = (int)v }),
        new("batch_size", NumberRange.PositiveInteger, s => s.BatchSize, (s, v) => s with { BatchSize = (int)v }),
        new("learning_rate", NumberRange.Positive, s => s.LearningRate, (s, v) => s with { LearningRate = v }),
        new("warmup_fraction", NumberRange.FractionClosedOpen, s => s.WarmupFraction, (s, v) => s with { WarmupFraction = v }),
        new("weight_decay", NumberRange.NonNegative, s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
        new("max_grad_norm", NumberRange.NonNegative, s => s.MaxGradNorm, (s, v) => s with { MaxGradNorm = v }),
        new("dropout", NumberRange.FractionClosedOpen, s => s.Dropout, (s, v) => s with { Dropout = v }),
        new("evaluations_per_epoch", NumberRange.PositiveInteger, s => s.EvaluationsPerEpoch,
            (s, v) => s with { EvaluationsPerEpoch = (int)v }),
        new("gradient_accumulation", NumberRange.PositiveInteger, s => s.GradientAccumulation,
            (s, v) => s with { GradientAccumulation = (int)v }),
        new("threads", NumberRange.PositiveInteger, s => s.Threads, (s, v) => s with { Threads = (int)v }),
    ];

    /// <summary>Spec names of every field.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(f => f.Name)];

    /// <summary>The field with this spec name, or null.</summary>
    public static TrainingField? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
