using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// Writes <c>manifest.json</c> in the trial directory at the start of every attempt: the seeds and the
/// derived stream seeds, threads, model configuration, data sizes and labels, training plan and software
/// versions — everything needed to reproduce the trial's numbers.
/// </summary>
internal static class TrialManifest
{
    public const string FileName = "manifest.json";

    public static void Write(
        TrialContext context, PreparedTask task, BertClassifier model, WeightInitialization initialization, string modelSource,
        FineTuningOptions options, FineTuner tuner, string? resumedFrom)
    {
        var key = context.Key;
        var seeds = tuner.Seeds;
        var manifest = new JsonObject
        {
            ["trial"] = new JsonObject
            {
                ["sweep"] = key.SweepId,
                ["config_index"] = key.ConfigIndex,
                ["attempt"] = context.Attempt,
                ["resumed_from"] = resumedFrom,
                ["resumed_at_step"] = resumedFrom is null ? null : tuner.Step,
            },
            ["seeds"] = new JsonObject
            {
                ["init"] = seeds.InitSeed,
                ["order"] = seeds.OrderSeed,
                ["dropout_stream_seed"] = seeds.DropoutSeed,
                ["streams"] = new JsonObject
                {
                    ["init"] = $"Rng.ForStream(\"{TrainingSeeds.InitStream}\", {seeds.InitSeed}) -> {Describe(initialization)}",
                    ["order"] = $"Rng.ForStream(\"data-order/epoch-<e>\", {seeds.OrderSeed}) -> Fisher-Yates shuffle of each epoch",
                    ["dropout"] = $"Rng.ForStream(\"{TrainingSeeds.DropoutStream}\", {seeds.DropoutSeed}) -> every dropout mask, in forward order",
                },
                ["initial_states"] = new JsonObject
                {
                    ["init"] = State(seeds.CreateInitRng()),
                    ["dropout"] = State(seeds.CreateDropoutRng()),
                },
            },
            ["threads"] = model.Threads,
            ["model"] = new JsonObject
            {
                ["source"] = modelSource,
                ["initialization"] = initialization.ToString().ToLowerInvariant(),
                ["parameters"] = model.Parameters.Sum(p => (long)p.Data.Length),
                ["config"] = JsonNode.Parse(model.Config.ToJson()),
                ["vocabulary_size"] = task.Vocabulary.Count,
                ["vocabulary_source"] = task.VocabularySource,
                ["max_length"] = context.Spec.Model.MaxLength,
                ["uncased"] = context.Spec.Model.Uncased,
            },
            ["data"] = new JsonObject
            {
                ["kind"] = context.Spec.Task.Kind,
                ["train_examples"] = task.Data.Train.Count,
                ["validation_examples"] = task.Data.Validation.Count,
                ["labels"] = task.LabelNames is null ? null : new JsonArray([.. task.LabelNames.Select(l => (JsonNode?)l)]),
                ["metric"] = context.Spec.Metric.Name,
                ["majority_baseline"] = task.Baseline,
                ["fingerprint"] = task.Data.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["training"] = new JsonObject
            {
                ["epochs"] = options.Epochs,
                ["batch_size"] = options.BatchSize,
                ["learning_rate"] = options.LearningRate,
                ["warmup_fraction"] = options.WarmupFraction,
                ["warmup_steps"] = tuner.WarmupSteps,
                ["weight_decay"] = options.WeightDecay,
                ["max_grad_norm"] = options.MaxGradNorm,
                ["dropout"] = context.Training.Dropout,
                ["evaluations_per_epoch"] = options.EvaluationsPerEpoch,
                ["gradient_accumulation"] = options.GradientAccumulation,
                ["steps_per_epoch"] = tuner.StepsPerEpoch,
                ["total_steps"] = tuner.TotalSteps,
            },
            ["versions"] = new JsonObject
            {
                ["sweepcluster"] = typeof(FineTuner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["os"] = RuntimeInformation.OSDescription,
                ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
                ["vector512"] = Vector512.IsHardwareAccelerated,
                ["vector256"] = Vector256.IsHardwareAccelerated,
            },
        };

        Directory.CreateDirectory(context.TrialDirectory);
        var path = Path.Combine(context.TrialDirectory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    private static string Describe(WeightInitialization initialization) => initialization == WeightInitialization.All
        ? "every parameter (training from scratch)"
        : "classifier.weight and classifier.bias only (pretrained encoder)";

    private static JsonArray State(Rng rng) => new([.. rng.GetState().Select(w => (JsonNode?)w.ToString("x16", System.Globalization.CultureInfo.InvariantCulture))]);
}
