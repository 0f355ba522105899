using System.Globalization;
using SweepCluster.Shared.Specs;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>The built-in engine's settings from <c>runner.values</c> (already validated by the spec parser).</summary>
/// <param name="CheckpointEveryEvaluation">Also checkpoint at every evaluation (default false: only when pausing).</param>
/// <param name="VocabularySize">Largest vocabulary built from the training texts when training from scratch (default 8192).</param>
internal sealed record BuiltinSettings(bool CheckpointEveryEvaluation, int VocabularySize)
{
    public const int DefaultVocabularySize = 8192;

    public static BuiltinSettings From(IReadOnlyDictionary<string, string> values)
    {
        var every = values.TryGetValue("checkpoint_every_evaluation", out var e) && bool.Parse(e);
        var size = values.TryGetValue("vocabulary_size", out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : DefaultVocabularySize;
        return new BuiltinSettings(every, size);
    }

    /// <summary>The trainer's options for one configuration of the grid.</summary>
    public static FineTuningOptions Options(TrainingSpec training, MetricKind metric) => new()
    {
        Epochs = training.Epochs,
        BatchSize = training.BatchSize,
        LearningRate = training.LearningRate,
        WarmupFraction = training.WarmupFraction,
        WeightDecay = training.WeightDecay,
        MaxGradNorm = training.MaxGradNorm,
        EvaluationsPerEpoch = training.EvaluationsPerEpoch,
        GradientAccumulation = training.GradientAccumulation,
        Metric = metric,
    };
}
