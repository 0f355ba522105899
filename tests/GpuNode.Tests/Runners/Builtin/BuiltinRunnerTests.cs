using System.Text.Json;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Builtin;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Tests.Runners.Builtin;

public sealed class BuiltinRunnerTests : IDisposable
{
    private static readonly long[] EvaluationSteps = [3, 5, 8, 10, 13, 15, 18, 20];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private TrialContext Context(
        ExperimentSpec spec, int init, int order, ITrialReporter reporter, string? resumeFrom = null, double? pauseAt = null,
        CancellationToken stop = default, CancellationToken pause = default, string? directory = null) =>
        new(new TrialKey(spec.Name, 0, init, order), 1, spec, spec.Training, directory ?? Path.Combine(_dir, $"w{init}-d{order}"), resumeFrom, pauseAt,
            reporter, TimeProvider.System, 1, stop, pause);

    [Fact]
    public async Task RunAsync_TinySyntheticSpec_ReportsBaselineAndEvaluationsAndSavesAModelThatPredictsTheSame()
    {
        var spec = BuiltinTestSpecs.Spec();
        var reporter = new RecordingReporter();
        var context = Context(spec, 1, 2, reporter);

        var result = await new BuiltinRunner().RunAsync(context);

        Assert.Equal(TrialOutcomeKind.Completed, result.Outcome);
        Assert.Equal(20, result.Steps);
        var task = TaskPreparation.Prepare(new PreparedTaskKey(spec.Task, spec.Model, MetricKind.Accuracy, BuiltinSettings.DefaultVocabularySize));
        var baseline = MajorityBaseline.FromLabels(task.Data.ValidationLabels).Score(MetricKind.Accuracy);
        Assert.Equal(("baseline_accuracy", 0L, baseline), (reporter.Metrics[0].Name, reporter.Metrics[0].Step, reporter.Metrics[0].Value));
        Assert.Equal(EvaluationSteps.SelectMany(s => new[] { (s, "loss"), (s, "accuracy") }), reporter.Metrics.Skip(1).Select(m => (m.Step, m.Name)));
        Assert.Equal(reporter.Metrics[^1].Value, result.FinalMetric);
        Assert.Contains("metric 10 0.5 accuracy ", string.Join("\n", reporter.Entries));
        Assert.Equal(20, reporter.Entries.Count(e => e.StartsWith("progress ", StringComparison.Ordinal)));

        var modelDirectory = Path.Combine(context.TrialDirectory, "model");
        Assert.Equal([modelDirectory], reporter.Checkpoints);
        Assert.Contains($"checkpoint 20 {modelDirectory}", reporter.Entries);
        Assert.False(Directory.Exists(Path.Combine(context.TrialDirectory, "checkpoints")));

        // The saved folder reproduces the final validation metric exactly (same weights, same batches).
        var saved = FineTunedModel.Load(modelDirectory);
        Assert.Equal(["0", "1"], saved.LabelNames);
        Assert.Equal(24, saved.MaxLength);
        Assert.Equal(result.FinalMetric, new Validator(task.Data).Evaluate(saved.Model, MetricKind.Accuracy));
    }

    [Fact]
    public async Task RunAsync_FreshStart_WritesTheManifestWithSeedsStreamsAndSizes()
    {
        var context = Context(BuiltinTestSpecs.Spec(), 3, 4, new RecordingReporter());

        await new BuiltinRunner().RunAsync(context);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(context.TrialDirectory, "manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(3, root.GetProperty("seeds").GetProperty("init").GetInt64());
        Assert.Equal(4, root.GetProperty("seeds").GetProperty("order").GetInt64());
        Assert.Equal(new TrainingSeeds(3, 4).DropoutSeed, root.GetProperty("seeds").GetProperty("dropout_stream_seed").GetInt64());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal("all", root.GetProperty("model").GetProperty("initialization").GetString());
        Assert.Equal(16, root.GetProperty("model").GetProperty("config").GetProperty("hidden_size").GetInt32());
        Assert.Equal(160, root.GetProperty("data").GetProperty("train_examples").GetInt32());
        Assert.Equal(64, root.GetProperty("data").GetProperty("validation_examples").GetInt32());
        Assert.Equal(["0", "1"], root.GetProperty("data").GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(20, root.GetProperty("training").GetProperty("total_steps").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("trial").GetProperty("resumed_from").ValueKind);
    }

    [Fact]
    public async Task RunAsync_TwoTrialsOfOneTask_PrepareTheDataOnce()
    {
        var runner = new BuiltinRunner();
        var spec = BuiltinTestSpecs.Spec();

        var results = await Task.WhenAll(
            runner.RunAsync(Context(spec, 1, 1, new RecordingReporter())),
            runner.RunAsync(Context(spec, 2, 1, new RecordingReporter())));

        Assert.All(results, r => Assert.Equal(TrialOutcomeKind.Completed, r.Outcome));
        Assert.Equal(1, runner.Preparations);
    }

    [Fact]
    public async Task RunAsync_PausedAtFractionThenResumed_EqualsTheUninterruptedRun()
    {
        var spec = BuiltinTestSpecs.Spec(gradientAccumulation: 2);
        var whole = new RecordingReporter();
        var wholeContext = Context(spec, 5, 6, whole, directory: Path.Combine(_dir, "whole"));
        var uninterrupted = await new BuiltinRunner().RunAsync(wholeContext);

        var before = new RecordingReporter();
        var partsDirectory = Path.Combine(_dir, "parts");
        var paused = await new BuiltinRunner().RunAsync(Context(spec, 5, 6, before, pauseAt: 0.3, directory: partsDirectory));
        var after = new RecordingReporter();
        var resumed = await new BuiltinRunner().RunAsync(Context(spec, 5, 6, after, resumeFrom: paused.Checkpoint, directory: partsDirectory));

        // Evaluations fall at steps 3, 5, 8, 10, …: the first with fraction ≥ 0.3 is step 8 (0.4).
        Assert.Equal((TrialOutcomeKind.Paused, 8L), (paused.Outcome, paused.Steps));
        Assert.Equal(Path.Combine(partsDirectory, "checkpoints", "checkpoint-00000008"), paused.Checkpoint);
        Assert.Equal([paused.Checkpoint!], before.Checkpoints);
        Assert.Contains($"checkpoint 8 {paused.Checkpoint}", before.Entries);
        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(whole.Metrics, before.Metrics.Concat(after.Metrics));
        Assert.DoesNotContain(after.Metrics, m => m.Name.StartsWith("baseline_", StringComparison.Ordinal));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(wholeContext.TrialDirectory, "model", "model.safetensors")),
            File.ReadAllBytes(Path.Combine(partsDirectory, "model", "model.safetensors")));
    }

    [Fact]
    public async Task RunAsync_PauseRequestedMidRun_PausesAfterThatStepAndResumesEqual()
    {
        var spec = BuiltinTestSpecs.Spec();
        var whole = new RecordingReporter();
        var uninterrupted = await new BuiltinRunner().RunAsync(Context(spec, 2, 2, whole, directory: Path.Combine(_dir, "whole")));

        using var pause = new CancellationTokenSource();
        var before = new CallbackReporter(step =>
        {
            if (step == 7)
            {
                pause.Cancel();
            }
        });
        var partsDirectory = Path.Combine(_dir, "parts");
        var paused = await new BuiltinRunner().RunAsync(Context(spec, 2, 2, before, pause: pause.Token, directory: partsDirectory));
        var after = new RecordingReporter();
        var resumed = await new BuiltinRunner().RunAsync(Context(spec, 2, 2, after, resumeFrom: paused.Checkpoint, directory: partsDirectory));

        Assert.Equal((TrialOutcomeKind.Paused, 7L), (paused.Outcome, paused.Steps));
        Assert.Equal(7, before.Recorded.Entries.Count(e => e.StartsWith("progress ", StringComparison.Ordinal)));
        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(whole.Metrics, before.Recorded.Metrics.Concat(after.Metrics));
    }

    [Fact]
    public async Task RunAsync_StopRequested_StopsWithinOneStep()
    {
        using var stop = new CancellationTokenSource();
        var reporter = new CallbackReporter(step =>
        {
            if (step == 3)
            {
                stop.Cancel();
            }
        });

        var result = await new BuiltinRunner().RunAsync(Context(BuiltinTestSpecs.Spec(), 1, 1, reporter, stop: stop.Token));

        Assert.Equal(TrialResult.Stopped(3), result);
        Assert.Equal("progress 3/20", reporter.Recorded.Entries.Last(e => e.StartsWith("progress ", StringComparison.Ordinal)));
        Assert.Empty(reporter.Recorded.Checkpoints);
    }

    [Fact]
    public async Task RunAsync_CheckpointEveryEvaluation_ChecksPointsEachEvaluationButTheLast()
    {
        var spec = BuiltinTestSpecs.Spec(values: new Dictionary<string, string> { ["checkpoint_every_evaluation"] = "true" });
        var reporter = new RecordingReporter();
        var context = Context(spec, 1, 1, reporter);

        var result = await new BuiltinRunner().RunAsync(context);

        Assert.Equal(TrialOutcomeKind.Completed, result.Outcome);
        var expected = EvaluationSteps[..^1].Select(s => Path.Combine(context.TrialDirectory, "checkpoints", $"checkpoint-{s:D8}"))
            .Append(Path.Combine(context.TrialDirectory, "model"));
        Assert.Equal(expected, reporter.Checkpoints);
    }

    [Fact]
    public async Task RunAsync_HugeLearningRate_DivergesReportingANaNLoss()
    {
        var spec = BuiltinTestSpecs.Spec(learningRate: 1e30, warmupFraction: 0, maxGradNorm: 0);
        var reporter = new RecordingReporter();

        var result = await new BuiltinRunner().RunAsync(Context(spec, 1, 1, reporter));

        Assert.Equal(TrialOutcomeKind.Diverged, result.Outcome);
        Assert.StartsWith("non-finite loss", result.Message);
        var last = reporter.Metrics[^1];
        Assert.Equal(("loss", result.Steps + 1), (last.Name, last.Step));
        Assert.True(double.IsNaN(last.Value));
    }

    [Fact]
    public async Task RunAsync_JsonlWithSeededSplit_NamesTheLabelsInTheSavedModel()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "mail.jsonl");
        var lines = Enumerable.Range(0, 60).Select(i => i % 3 == 0
            ? $"{{\"subject\": \"win money now {i}\", \"label\": \"spam\"}}"
            : $"{{\"subject\": \"meeting notes {i}\", \"label\": \"ham\"}}");
        File.WriteAllLines(path, lines);
        var task = new TaskSpec("jsonl", null, path, null, "subject", null, "label", 0.25, 7, null);
        var spec = BuiltinTestSpecs.Spec(task: task, metric: "f1");
        var reporter = new RecordingReporter();
        var context = Context(spec, 1, 1, reporter);

        var result = await new BuiltinRunner().RunAsync(context);

        Assert.Equal(TrialOutcomeKind.Completed, result.Outcome);
        // Labels in order of first appearance: spam = 0, ham = 1. The split holds out 5 spam and 10 ham; always
        // answering ham (the majority, and F1's positive class 1) gives F1 = 2·10 / (15 + 10) = 0.8.
        Assert.Equal(("baseline_f1", 0.8), (reporter.Metrics[0].Name, reporter.Metrics[0].Value));
        var saved = FineTunedModel.Load(Path.Combine(context.TrialDirectory, "model"));
        Assert.Equal(["spam", "ham"], saved.LabelNames);
        Assert.Equal(3 * 2, result.Steps); // 45 training examples: ⌈45 / 16⌉ = 3 steps per epoch
    }

    [Fact]
    public async Task RunAsync_MissingTrainingFile_ThrowsNamingIt()
    {
        var task = new TaskSpec("csv", null, Path.Combine(_dir, "absent.csv"), null, "text", null, "label", 0.1, 0, null);

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => new BuiltinRunner().RunAsync(Context(BuiltinTestSpecs.Spec(task: task), 1, 1, new RecordingReporter())));

        Assert.Contains("absent.csv", error.Message);
    }

    [Fact]
    public async Task RunAsync_PretrainedFolder_DrawsOnlyTheHeadFromTheInitSeedAndAppliesTheSpecDropout()
    {
        var source = Context(BuiltinTestSpecs.Spec(), 9, 9, new RecordingReporter());
        await new BuiltinRunner().RunAsync(source);
        var pretrained = Path.Combine(source.TrialDirectory, "model");
        var spec = BuiltinTestSpecs.Spec(pretrained: pretrained, dropout: 0.2);
        using var pause = new CancellationTokenSource();
        await pause.CancelAsync();

        var checkpoints = new List<string>();
        foreach (var init in new[] { 1, 2 })
        {
            var context = Context(spec, init, 1, new RecordingReporter(), pause: pause.Token);
            var paused = await new BuiltinRunner().RunAsync(context);
            Assert.Equal((TrialOutcomeKind.Paused, 0L), (paused.Outcome, paused.Steps));
            checkpoints.Add(paused.Checkpoint!);
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(context.TrialDirectory, "manifest.json")));
            Assert.Equal("head", manifest.RootElement.GetProperty("model").GetProperty("initialization").GetString());
            Assert.Equal(0.2, manifest.RootElement.GetProperty("model").GetProperty("config").GetProperty("hidden_dropout_prob").GetDouble());
        }

        var original = SafeTensorsFile.Read(Path.Combine(pretrained, "model.safetensors"));
        var first = SafeTensorsFile.Read(Path.Combine(checkpoints[0], "model.safetensors"));
        var second = SafeTensorsFile.Read(Path.Combine(checkpoints[1], "model.safetensors"));
        Assert.Equal(original.Keys.Order(), first.Keys.Order());
        foreach (var name in original.Keys.Where(n => !n.StartsWith("classifier.", StringComparison.Ordinal)))
        {
            Assert.Equal(original[name].Data, first[name].Data);
            Assert.Equal(original[name].Data, second[name].Data);
        }

        Assert.NotEqual(original["classifier.weight"].Data, first["classifier.weight"].Data);
        Assert.NotEqual(first["classifier.weight"].Data, second["classifier.weight"].Data);
    }

    [Fact]
    public async Task RunAsync_RegressionTask_ReportsPearsonWithoutBaselineAndSavesOneOutput()
    {
        Directory.CreateDirectory(_dir);
        var rows = Enumerable.Range(0, 48).Select(i => $"{string.Join(' ', Enumerable.Repeat("up", i % 4))} filler{i % 5},{i % 4}.0");
        var path = Path.Combine(_dir, "scores.csv");
        File.WriteAllLines(path, ["text,label", .. rows]);
        var spec = BuiltinTestSpecs.Spec(task: new TaskSpec("csv", null, path, null, "text", null, "label", 0.25, 1, null), metric: "pearson");
        var reporter = new RecordingReporter();
        var context = Context(spec, 1, 1, reporter);

        var result = await new BuiltinRunner().RunAsync(context);

        Assert.Equal(TrialOutcomeKind.Completed, result.Outcome);
        Assert.InRange(result.FinalMetric!.Value, -1.0, 1.0);
        Assert.Equal(reporter.Metrics[^1].Value, result.FinalMetric);
        Assert.DoesNotContain(reporter.Metrics, m => m.Name.StartsWith("baseline_", StringComparison.Ordinal));
        var saved = FineTunedModel.Load(Path.Combine(context.TrialDirectory, "model"));
        Assert.True(saved.Model.IsRegression);
        Assert.Equal(["LABEL_0"], saved.LabelNames);
    }
}
