using System.Text.Json;
using SweepCluster.TestKit;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tests.Checkpoints;
using SweepCluster.Training.Tests.Model;
using SweepCluster.Training.Tests.Trainer;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;
using Xunit.Abstractions;

namespace SweepCluster.Training.Tests.Parity;

/// <summary>
/// Whole-model optimizer steps of the real <see cref="FineTuner"/> against PyTorch (the <c>train_steps</c>
/// task of tests/Parity/bert_parity.py: autograd, <c>clip_grad_norm_</c>, <c>torch.optim.AdamW</c> with the
/// Hugging Face no-decay param group chosen by name, the linear warm-up schedule): same initial weights and
/// padded batches, dropout off, every parameter and both Adam moments compared after the steps.
/// </summary>
/// <remarks>
/// Tolerance: 1e-5 absolute on parameters of size ~1 after steps of ~1e-3 (measured: ≤ 2e-7), and every move
/// of at least 0.1·Σlr within 1 % of torch's (measured: ≤ 3e-4). Adam divides the first moment by the root of
/// the second, so an element whose gradient is float32 noise (below 1e-4 of its tensor's scale) moves by up to
/// ±lr in a direction neither side controls: the attention key bias (softmax is invariant to adding the same
/// score to a row, so its true gradient is 0; both sides get ~1e-11) and the odd weight whose gradient happens
/// to be ~1e-6 of its neighbours'. Those are only checked to have moved at most 2·Σlr, and must stay under
/// 1 % of the elements (measured: 86 and 67 of 22,083). Everything else is held to the tolerance.
/// </remarks>
public sealed class FineTuningStepParityTests(ITestOutputHelper output)
{
    private const int NumLabels = 3;
    private const double LearningRate = 1e-3;
    private const double WeightDecay = 0.1;
    private const double ParameterTolerance = ParityRun.ParameterTolerance;

    private static readonly BertConfig Config = new()
    {
        VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
        MaxPositionEmbeddings = 16, TypeVocabSize = 2, LayerNormEps = 1e-12, HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0,
    };

    [RequiresTorchFact]
    public async Task OneStep_WholeModel_MatchesTorchAdamWAndSkipsDecayForBiasesAndLayerNorm()
    {
        // No warm-up, so the first step runs at the peak rate; clipping on but far from binding.
        var options = Options() with { WarmupFraction = 0, MaxGradNorm = 1000 };

        var run = await RunBothAsync(options, steps: 1);

        Assert.Equal([LearningRate], run.Ours.Select(s => s.LearningRate));
        Assert.True(run.Ours[0].GradientNorm < options.MaxGradNorm, $"norm {run.Ours[0].GradientNorm} should not bind");
        run.AssertMatches(output);

        // After one step Adam's update is lr·g/(|g|+ε) exactly (bias corrections cancel), so each parameter
        // lands at p₀·(1 − lr·λ) − lr·g/(|g|+ε) with λ its group's decay: pin which group each one is in.
        AssertFirstStep(run, "bert.encoder.layer.0.attention.output.LayerNorm.weight", decayed: false);
        AssertFirstStep(run, "bert.embeddings.LayerNorm.weight", decayed: false);
        AssertFirstStep(run, "bert.encoder.layer.1.intermediate.dense.bias", decayed: false);
        AssertFirstStep(run, "bert.encoder.layer.1.intermediate.dense.weight", decayed: true);
        AssertFirstStep(run, "bert.encoder.layer.0.attention.self.query.weight", decayed: true);
    }

    [RequiresTorchFact]
    public async Task ThreeSteps_BindingClipWarmupAndAccumulation_MatchTorch()
    {
        // 12 examples / batch 4 = 3 steps; warm-up ⌈3 × 0.34⌉ = 2 steps: rates 0, lr/2, lr. max_norm 0.05 binds on
        // every step; two micro-batches per step (2 + 2 rows, each trimmed to its own longest row).
        var options = Options() with { WarmupFraction = 0.34, MaxGradNorm = 0.05, GradientAccumulation = 2 };

        var run = await RunBothAsync(options, steps: 3);

        Assert.Equal([0, LearningRate / 2, LearningRate], run.Ours.Select(s => s.LearningRate));
        Assert.All(run.Ours, s => Assert.True(s.GradientNorm > 2 * options.MaxGradNorm, $"norm {s.GradientNorm} should bind"));
        run.AssertMatches(output);
    }

    private static FineTuningOptions Options() => new()
    {
        Epochs = 1,
        BatchSize = 4,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        EvaluationsPerEpoch = 1,
    };

    private static void AssertFirstStep(ParityRun run, string name, bool decayed)
    {
        var p = run.Model.FindParameter(name)!;
        Assert.Equal(decayed, p.Decay);
        var g = run.Torch["grad1/" + name].Data;
        var initial = run.Initial[name];
        var eps = new AdamWOptions().Epsilon;
        var largest = g.Max(MathF.Abs);
        double worstAsDeclared = 0, worstOther = 0;
        var checkedElements = 0;
        for (var i = 0; i < g.Length; i++)
        {
            if (Math.Abs(g[i]) < 1e-2 * largest)
            {
                continue; // the direction of a near-zero gradient is rounding noise (see the class remarks)
            }

            checkedElements++;
            var adam = LearningRate * g[i] / (Math.Abs(g[i]) + eps);
            var withDecay = (initial[i] * (1 - (LearningRate * WeightDecay))) - adam;
            var without = initial[i] - adam;
            worstAsDeclared = Math.Max(worstAsDeclared, Math.Abs(p.Data[i] - (decayed ? withDecay : without)));
            worstOther = Math.Max(worstOther, Math.Abs(p.Data[i] - (decayed ? without : withDecay)));
        }

        Assert.True(checkedElements >= g.Length / 2, $"{name}: only {checkedElements} of {g.Length} gradients are clear of noise");
        Assert.True(worstAsDeclared <= ParameterTolerance, $"{name}: off the {(decayed ? "decayed" : "undecayed")} update by {worstAsDeclared:E2}");
        // Had the parameter been put in the other group, the check would fail: lr·λ·|p₀| is 1e-4·|p₀|.
        Assert.True(worstOther > 2 * ParameterTolerance, $"{name}: the other group's update is within {worstOther:E2}, too close to tell apart");
    }

    private static async Task<ParityRun> RunBothAsync(FineTuningOptions options, int steps)
    {
        var data = Data();
        var model = TinyBert.Random(Config, NumLabels, seed: 80, scale: 0.2);
        var tuner = FineTuner.StartFresh(model, data, options, new TrainingSeeds(InitSeed: 5, OrderSeed: 6), WeightInitialization.Head);
        var initial = model.Parameters.ToDictionary(p => p.Name, p => p.Data.ToArray());
        var visited = new List<int[]>();
        tuner.BatchVisited = (_, rows) => visited.Add(rows);

        using var dir = new TempDirectory();
        ModelFolder.Save(dir.Path, model);

        // The observer cancels the token it is given after `steps` steps; handed to Run as its stop token.
        using var stop = new CancellationTokenSource();
        var observer = new RecordingObserver(stop, pauseAfterStep: steps);
        var result = tuner.Run(observer, dir.File("checkpoints"), stop.Token);
        Assert.Equal(steps, result.Steps);
        Assert.Equal(steps, visited.Count);

        await File.WriteAllTextAsync(dir.File("batch.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["tasks"] = new[] { "train_steps" },
            ["train"] = TrainSpec(options, data, visited, tuner.TotalSteps),
        }));
        await ParityScript.RunAsync("bert_parity.py", dir.Path);

        var torchFile = dir.File("torch_out.safetensors");
        return new ParityRun(
            model, initial, tuner.Optimizer.ExportState().ToDictionary(t => t.Name, t => t.Data), observer.Steps, SafeTensorsFile.Read(torchFile), SafeTensorsFile.ReadMetadata(torchFile), steps);
    }

    private static Dictionary<string, object> TrainSpec(FineTuningOptions options, FineTuningData data, List<int[]> visited, int totalSteps)
    {
        var plan = new TrainingPlan(data.Train.Count, options);
        var adam = new AdamWOptions();
        var stepsJson = visited.Select(rows => plan.MicroBatchesOf(rows.Length).Select(part =>
        {
            var micro = rows.AsSpan(part.Start, part.Length);
            var packed = Training.Text.EncodedBatch.Pack(data.Train, micro, trimToLongest: true);
            var labels = micro.ToArray().Select(r => data.TrainLabels![r]).ToArray();
            return new Dictionary<string, object>
            {
                ["input_ids"] = packed.InputIds.Chunk(packed.SequenceLength),
                ["token_type_ids"] = packed.TokenTypeIds.Chunk(packed.SequenceLength),
                ["attention_mask"] = packed.AttentionMask.Chunk(packed.SequenceLength),
                ["labels"] = labels,
                ["share"] = (double)((float)part.Length / rows.Length),
            };
        }).ToArray()).ToArray();
        return new Dictionary<string, object>
        {
            ["lr"] = options.LearningRate,
            ["betas"] = new[] { adam.Beta1, adam.Beta2 },
            ["eps"] = adam.Epsilon,
            ["weight_decay"] = options.WeightDecay,
            ["max_norm"] = options.MaxGradNorm,
            ["total_steps"] = totalSteps,
            ["warmup_ratio"] = options.WarmupFraction,
            ["steps"] = stepsJson,
        };
    }

    /// <summary>12 training rows of 12 positions with 2–12 real tokens (so every batch pads), 2 validation rows.</summary>
    private static FineTuningData Data()
    {
        var rng = new Rng(81);
        int[] lengths = [12, 9, 5, 7, 3, 11, 12, 4, 8, 6, 10, 2, 12, 6];
        var examples = lengths.Select(length =>
        {
            var ids = new int[12];
            var types = new int[12];
            var mask = new int[12];
            for (var i = 0; i < length; i++)
            {
                ids[i] = 1 + rng.NextInt(Config.VocabSize - 1);
                types[i] = i >= length / 2 ? 1 : 0;
                mask[i] = 1;
            }

            return new EncodedExample(ids, types, mask);
        }).ToArray();
        var labels = lengths.Select(_ => rng.NextInt(NumLabels)).ToArray();
        return FineTuningData.Classification(examples[..12], labels[..12], examples[12..], labels[12..], NumLabels);
    }
}
