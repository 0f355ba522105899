using System.Globalization;
using SweepCluster.Shared.Specs;

namespace SweepCluster.TestKit;

/// <summary>
/// Specs for the built-in engine small enough for tests: a synthetic task of 160 training and 64
/// validation sentences, a one-layer encoder of width 16 trained from scratch, 2 epochs of 10 steps.
/// </summary>
public static class BuiltinTestSpecs
{
    /// <summary>The spec, with optional overrides.</summary>
    public static ExperimentSpec Spec(
        string name = "tiny",
        TaskSpec? task = null,
        double learningRate = 1e-3,
        int evaluationsPerEpoch = 4,
        int gradientAccumulation = 1,
        double warmupFraction = 0.1,
        double maxGradNorm = 1.0,
        string metric = "accuracy",
        IReadOnlyDictionary<string, string>? values = null,
        string? pretrained = null,
        double dropout = 0.1) => new(
            name,
            task ?? new TaskSpec("synthetic", null, null, null, "text", null, "label", 0.1, 0, new SyntheticTaskSpec(160, 64, 20, 0.0, 0)),
            new ModelSpec(pretrained, 1, 16, 2, 32, 24, true),
            new TrainingSpec(2, 16, learningRate, warmupFraction, 0.01, maxGradNorm, dropout, evaluationsPerEpoch, gradientAccumulation, 1),
            [],
            new SeedSpec([1, 2], [1, 2], "factorial", null, 0),
            [],
            new RunnerSpec("builtin", null, values ?? new Dictionary<string, string>(), null),
            new MetricSpec(metric, true),
            0,
            3);

    /// <summary>The same sweep as YAML (for tests through the parser and the CLI).</summary>
    public static string Yaml(string name = "tiny", string init = "[1]", string order = "[1, 2]", double learningRate = 1e-3) => $"""
        name: {name}
        task:
          kind: synthetic
          synthetic: {"{"} train_examples: 160, validation_examples: 64, vocabulary_size: 20, label_noise: 0, seed: 0 {"}"}
        model: {"{"} layers: 1, hidden: 16, heads: 2, intermediate: 32, max_length: 24 {"}"}
        training: {"{"} epochs: 2, batch_size: 16, learning_rate: {learningRate.ToString(CultureInfo.InvariantCulture)}, evaluations_per_epoch: 4 {"}"}
        seeds:
          init: {init}
          order: {order}
        runner: builtin
        """;
}
