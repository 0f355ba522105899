using System.Diagnostics;
using System.Globalization;
using SweepCluster.GpuNode.Runners.Builtin;
using SweepCluster.Shared.Specs;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Does the built-in engine learn? Fine-tunes tiny encoders from scratch, one thread, and prints the
/// validation accuracy and F1 after every epoch against the majority baseline, with wall and CPU time.
/// Usage: <c>learn [synthetic|spam|all] [seed pairs=3] [spam jsonl path]</c>.
/// </summary>
/// <remarks>
/// Data goes through the builtin runner's own preparation (<see cref="TaskPreparation"/>), so the numbers are
/// those a sweep would get. <b>synthetic</b>: the quickstart's task and model. <b>spam</b>: SpamAssassin
/// subject-only from <c>../shared/datasets/spamassassin.jsonl</c> (text_field subject, label_field label),
/// split by <c>DatasetSplitter</c> with validation_fraction 0.2 and split_seed 0 (stratified by label, the
/// held-out examples of each label are the first of a Fisher–Yates shuffle from <c>Rng.ForStream("split", 0)</c>).
/// </remarks>
public static class LearningBenchmark
{
    private const string DefaultSpamPath = "../shared/datasets/spamassassin.jsonl";

    public static int Run(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        var pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var spamPath = args.Length > 2 ? args[2] : DefaultSpamPath;
        var cases = new List<Case>();
        if (which is "synthetic" or "all")
        {
            cases.Add(Synthetic());
        }

        if (which is "spam" or "all")
        {
            if (!File.Exists(spamPath))
            {
                Console.WriteLine($"learn: {spamPath} not found (run from the repository root beside ../shared, or pass the path)");
                return 2;
            }

            cases.Add(Spam(Path.GetFullPath(spamPath)));
        }

        if (cases.Count == 0)
        {
            Console.WriteLine("learn: expected synthetic, spam or all");
            return 2;
        }

        foreach (var c in cases)
        {
            RunCase(c, pairs);
        }

        return 0;
    }

    private static Case Synthetic() => new(
        "synthetic (quickstart: 2000 train / 300 validation, 20 fillers, no label noise)",
        new TaskSpec("synthetic", null, null, null, "text", null, "label", 0.1, 0, new SyntheticTaskSpec(2000, 300, 20, 0.0, 0)),
        new ModelSpec(null, 2, 32, 2, 64, 32, true),
        new FineTuningOptions { Epochs = 3, BatchSize = 32, LearningRate = 3e-3, WarmupFraction = 0.1, EvaluationsPerEpoch = 1 },
        Dropout: 0.1);

    private static Case Spam(string path) => new(
        "SpamAssassin subject-only (seeded 80/20 split, split_seed 0)",
        new TaskSpec("jsonl", null, path, null, "subject", null, "label", 0.2, 0, null),
        new ModelSpec(null, 2, 64, 2, 128, 32, true),
        new FineTuningOptions { Epochs = 4, BatchSize = 32, LearningRate = 1e-3, WarmupFraction = 0.1, EvaluationsPerEpoch = 1 },
        Dropout: 0.1);

    private static void RunCase(Case c, int pairs)
    {
        var prepareClock = Stopwatch.StartNew();
        var task = TaskPreparation.Prepare(new PreparedTaskKey(c.Task, c.Model, MetricKind.Accuracy, BuiltinSettings.DefaultVocabularySize));
        var prepareTime = prepareClock.Elapsed;
        var labels = task.Data.ValidationLabels!;
        var baseline = MajorityBaseline.FromLabels(labels);
        var positive = task.LabelNames![1];
        Console.WriteLine($"== {c.Name}");
        Console.WriteLine(
            $"   {task.Data.Train.Count} train / {task.Data.Validation.Count} validation, vocabulary {task.Vocabulary.Count}, labels [{string.Join(", ", task.LabelNames!)}] (F1 of '{positive}'), " +
            $"max_length {c.Model.MaxLength}; prepared in {prepareTime.TotalSeconds:F1} s");
        Console.WriteLine(
            $"   model: {c.Model.Layers} layers, hidden {c.Model.Hidden}, {c.Model.Heads} heads, intermediate {c.Model.Intermediate}, from scratch; " +
            $"{c.Options.Epochs} epochs, batch {c.Options.BatchSize}, lr {c.Options.LearningRate}, warm-up {c.Options.WarmupFraction}, dropout {c.Dropout}, 1 thread");
        Console.WriteLine($"   majority baseline: accuracy {baseline.Score(MetricKind.Accuracy):F4}, F1 {baseline.Score(MetricKind.F1):F4}");
        var validator = new Validator(task.Data);
        for (var seed = 1; seed <= pairs; seed++)
        {
            var (model, initialization, _) = BuiltinModel.Create(c.Model, task, c.Dropout, threads: 1);
            var tuner = FineTuner.StartFresh(model, task.Data, c.Options, new TrainingSeeds(seed, seed), initialization);
            var observer = new EpochObserver();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = tuner.Run(observer, Path.Combine(Path.GetTempPath(), $"sweepcluster-learn-{Guid.NewGuid():N}"));
            var wall = clock.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var f1 = validator.Evaluate(model, MetricKind.F1);
            Console.WriteLine(
                $"   seeds (wi {seed}, do {seed}): {result.Outcome}, accuracy by epoch {string.Join(" ", observer.Accuracy.Select(a => a.ToString("F4", CultureInfo.InvariantCulture)))}, " +
                $"final accuracy {result.FinalMetric:F4} F1 {f1:F4}; train loss {observer.Loss[0]:F3} -> {observer.Loss[^1]:F3}; " +
                $"{result.Steps} steps in {wall.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU");
        }
    }

    private sealed record Case(string Name, TaskSpec Task, ModelSpec Model, FineTuningOptions Options, double Dropout);

    private sealed class EpochObserver : ITrainingObserver
    {
        public List<double> Accuracy { get; } = [];

        public List<double> Loss { get; } = [];

        public void OnStep(StepReport report)
        {
        }

        public EvaluationAction OnEvaluation(EvaluationReport report)
        {
            Accuracy.Add(report.Value);
            Loss.Add(report.TrainingLoss);
            return EvaluationAction.Continue;
        }

        public void OnCheckpoint(CheckpointReport report)
        {
        }
    }
}
