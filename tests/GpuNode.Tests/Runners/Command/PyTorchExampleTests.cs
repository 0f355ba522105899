using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Command;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>
/// examples/pytorch/train.py through the real template (examples/pytorch/templates.json): a sweep in
/// the in-process cluster, and a pause/resume round trip. Small on purpose (2 epochs of a 1-layer
/// model on 400 sentences); most of the time is Python importing torch.
/// </summary>
public sealed class PyTorchExampleTests
{
    private static readonly string ExampleDirectory = Path.Combine(RepositoryPaths.Examples, "pytorch");

    private static string Spec(string name) => $"""
        name: {name}
        task:
          kind: jsonl
          train: {Path.Combine(ExampleDirectory, "data", "train.jsonl")}
          validation: {Path.Combine(ExampleDirectory, "data", "dev.jsonl")}
        model: {"{"} layers: 1, hidden: 32, heads: 2, intermediate: 64, max_length: 24 {"}"}
        training: {"{"} epochs: 2, batch_size: 32, learning_rate: 2e-3, evaluations_per_epoch: 2, threads: 1 {"}"}
        seeds: {"{"} init: [1], order: [1, 2] {"}"}
        runner: {"{"} kind: command, template: pytorch-example {"}"}
        """;

    /// <summary>The example's runners, with argv[0] replaced by the interpreter that has torch here.</summary>
    private static IReadOnlyList<ITrialRunner> Runners(string workDirectory)
    {
        var json = File.ReadAllText(Path.Combine(ExampleDirectory, "templates.json"))
            .Replace("\"/usr/bin/python3\"", $"\"{TorchPython.Executable}\"", StringComparison.Ordinal);
        return CommandRunnerFactory.Parse(json, "templates.json", ExampleDirectory, new NodeOptions { WorkDirectory = workDirectory });
    }

    private static async Task<(Dictionary<string, double?> Finals, List<MetricRow> Metrics)> RunSweepAsync()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2, [.. Runners(Path.Combine(cluster.Directory, "work"))]);
        var sweepId = await cluster.SubmitAsync(Spec("torch"));
        await cluster.WaitAsync(sweepId, TimeSpan.FromMinutes(3));

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        Assert.All(trials, t => Assert.True(t.State == TrialState.Completed, $"{t.TrialId}: {t.State} {t.Reason}"));
        return (trials.ToDictionary(t => t.TrialId, t => t.FinalMetric), [.. await cluster.Store.ListSweepMetricsAsync(sweepId)]);
    }

    [RequiresTorchFact]
    public async Task RunSweep_SameSeedsTwice_SameNumbers()
    {
        var first = await RunSweepAsync();
        var second = await RunSweepAsync();

        Assert.Equal(2, first.Finals.Count);
        Assert.Equal(first.Finals, second.Finals);
        Assert.Equal(first.Metrics.Select(m => (m.TrialId, m.Step, m.Name, m.Value)), second.Metrics.Select(m => (m.TrialId, m.Step, m.Name, m.Value)));
        Assert.Equal(2 * 4 * 3, first.Metrics.Count); // 2 trials x 4 evaluations x (loss, eval_loss, accuracy)
        Assert.NotEqual(
            first.Metrics.Where(m => m.TrialId.EndsWith("d1", StringComparison.Ordinal) && m.Name == "loss").Select(m => m.Value),
            first.Metrics.Where(m => m.TrialId.EndsWith("d2", StringComparison.Ordinal) && m.Name == "loss").Select(m => m.Value));
    }

    [RequiresTorchFact]
    public async Task PauseAtHalfThenResume_MatchesAnUninterruptedRun()
    {
        using var harness = new CommandHarness();
        var runner = Runners(harness.WorkDirectory).Single();
        var spec = SpecParser.Parse(Spec("torch"), "spec.yaml");
        TrialContext Context(RecordingReporter reporter, double? pauseAt, string? resumeFrom, int attempt) =>
            harness.Context(reporter, init: 1, order: 2, attempt: attempt, pauseAt: pauseAt, resumeFrom: resumeFrom) with { Spec = spec, Training = spec.Training };

        var whole = new RecordingReporter();
        var first = new RecordingReporter();
        var second = new RecordingReporter();
        var uninterrupted = runner.RunAsync(Context(whole, null, null, 1) with { Key = new TrialKey("other", 0, 1, 2), TrialDirectory = Path.Combine(harness.WorkDirectory, "other") });
        var paused = await runner.RunAsync(Context(first, 0.5, null, 1));
        var resumed = await runner.RunAsync(Context(second, null, paused.Checkpoint, 2));
        var expected = await uninterrupted;

        Assert.Equal(TrialOutcomeKind.Paused, paused.Outcome);
        Assert.Equal(13, paused.Steps); // 13 steps per epoch, evaluations at steps 6, 13, 19, 26: the first at or past 0.5 is 13
        Assert.Equal(TrialOutcomeKind.Completed, expected.Outcome);
        Assert.Equal(expected, resumed);
        Assert.Equal(whole.Metrics, first.Metrics.Concat(second.Metrics));
    }
}
