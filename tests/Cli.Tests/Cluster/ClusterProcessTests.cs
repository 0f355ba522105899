using System.Net.Http.Json;
using System.Text.Json;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// The cluster as real processes: <c>sweep coordinator</c> and two <c>sweep node</c> on loopback,
/// simulated runner. Final results must equal an uninterrupted embedded run of the same spec,
/// whatever is killed or frozen on the way.
/// </summary>
[Trait("Category", "Processes")]
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterProcessTests
{
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Sweep_CoordinatorAndTwoNodeProcesses_EqualsAnEmbeddedRun()
    {
        var yaml = Spec("procs", stepMs: 5);
        using var cluster = new ProcessCluster();
        await cluster.StartCoordinatorAsync();
        await cluster.StartNodeAsync("n1", 2);
        await cluster.StartNodeAsync("n2", 2);

        var sweepId = await cluster.SubmitAsync(yaml);
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        Assert.Equal(await EmbeddedAsync(yaml), Results(trials));
        Assert.Equal(["n1", "n2"], trials.Select(t => t.NodeId).Distinct().Order());
        await AssertNoDuplicateMetricsAsync(cluster, trials);
    }

    [Fact]
    public async Task KillNode_Mid_Sweep_ItsTrialsMoveToTheOtherNodeAsNewAttempts()
    {
        var yaml = Spec("killnode", stepMs: 40);
        using var cluster = new ProcessCluster();
        await cluster.StartCoordinatorAsync();
        var n1 = await cluster.StartNodeAsync("n1", 2);
        await cluster.StartNodeAsync("n2", 1);
        var sweepId = await cluster.SubmitAsync(yaml);

        var victim = await cluster.WaitForTrialAsync(sweepId, t => t is { NodeId: "n1", State: TrialState.Running, Step: > 0, Fraction: < 0.5 }, SweepTimeout);
        n1.Kill();
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        Assert.Equal(await EmbeddedAsync(yaml), Results(trials));
        var moved = trials.Single(t => t.TrialId == victim.TrialId);
        Assert.Equal(("n2", true), (moved.NodeId, moved.Attempt > victim.Attempt));
        await AssertNoDuplicateMetricsAsync(cluster, trials);
    }

    [Fact]
    public async Task KillCoordinator_RestartAfterDowntime_CompletesWithoutReRunningAnything()
    {
        var yaml = Spec("killcoord", stepMs: 25);
        using var cluster = new ProcessCluster(leaseSeconds: 5);
        await cluster.StartCoordinatorAsync();
        await cluster.StartNodeAsync("n1", 2);
        await cluster.StartNodeAsync("n2", 2);
        var sweepId = await cluster.SubmitAsync(yaml);

        await cluster.WaitForTrialAsync(sweepId, t => t is { State: TrialState.Running, Step: > 0 }, SweepTimeout);
        cluster.Coordinator!.Kill();

        // Downtime long enough for running trials (1 s each) to finish on their nodes meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.StartCoordinatorAsync();
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        Assert.Equal(await EmbeddedAsync(yaml), Results(trials));
        Assert.All(trials, t => Assert.Equal(1, t.Attempt));
        await AssertNoDuplicateMetricsAsync(cluster, trials);
    }

    [Fact]
    public async Task KillNodeWhileCoordinatorIsDown_RestartBoth_ResultsComeFromTheNodesDiskNotReRuns()
    {
        var yaml = Spec("nodedisk", stepMs: 25);
        using var cluster = new ProcessCluster(leaseSeconds: 5);
        await cluster.StartCoordinatorAsync();
        var n1 = await cluster.StartNodeAsync("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.WaitForTrialAsync(sweepId, t => t is { State: TrialState.Running, Step: > 0 }, SweepTimeout);

        // The coordinator dies; the node finishes its two trials (1 s each) and keeps their ends on
        // disk; then the node is killed -9 too, with nothing delivered.
        cluster.Coordinator!.Kill();
        var outbox = Path.Combine(cluster.Directory, "work-n1", "outbox", "n1.events");
        var ended = await WaitForUnackedEndsAsync(outbox, 2, SweepTimeout);
        n1.Kill();

        await cluster.StartCoordinatorAsync();
        await cluster.StartNodeAsync("n1", 2);
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        Assert.Equal(await EmbeddedAsync(yaml), Results(trials));
        Assert.All(trials, t => Assert.Equal(1, t.Attempt));
        Assert.All(ended, e => Assert.Equal((TrialState.Completed, e.FinalMetric), Results(trials)[e.TrialId]));
        await AssertNoDuplicateMetricsAsync(cluster, trials);
    }

    [Fact]
    public async Task NodeWithGpus_CommandTrialsInFourSlots_EachSeesItsSlotsGpuAndTheThreadBudget()
    {
        // The child reports CUDA_VISIBLE_DEVICES and SWEEP_THREADS as metrics, then holds its slot for
        // a moment so that the four trials run in four slots at once.
        const string Script = """
            m='@@sweep {"type":"metric","step":1,"fraction":0.5,"name":"%s","value":%s}\n'
            printf "$m$m" gpu "$CUDA_VISIBLE_DEVICES" threads "$SWEEP_THREADS"
            sleep 1
            echo '@@sweep {"type":"result","steps":1,"metric":1}'
            """;
        var argv = JsonSerializer.Serialize(Script.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        using var cluster = new ProcessCluster();
        var templates = Path.Combine(cluster.Directory, "templates.json");
        await File.WriteAllTextAsync(templates, """{"templates": {"env": {"argv": ["/bin/sh", "-c", ARGV]}}}""".Replace("ARGV", argv, StringComparison.Ordinal));
        await cluster.StartCoordinatorAsync();
        await cluster.StartNodeAsync("g1", 4, "--gpus", "3,5", "--templates", templates);
        const string Yaml = """
            name: gpus
            task:
              kind: synthetic
            seeds:
              init: [1, 2]
              order: [1, 2]
            runner:
              kind: command
              template: env
            training:
              threads: 4
            """;

        var sweepId = await cluster.SubmitAsync(Yaml);
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        var seen = new List<(double Gpu, double Threads)>();
        foreach (var trial in trials)
        {
            var detail = await cluster.Client.GetFromJsonAsync("api/v1/trials?id=" + Uri.EscapeDataString(trial.TrialId), ApiJsonContext.Default.TrialDetail);
            var metrics = detail!.Metrics.ToDictionary(m => m.Name, m => m.Value);
            seen.Add((metrics["gpu"], metrics["threads"]));
        }

        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal([3.0, 3, 5, 5], seen.Select(s => s.Gpu).Order());
        Assert.All(seen, s => Assert.Equal(Math.Clamp(4, 1, Math.Max(1, Environment.ProcessorCount / 4)), s.Threads));
    }

    [Fact]
    public async Task FrozenNode_PastItsLeaseThenResumed_ItsLateResultsAreFenced()
    {
        var yaml = Spec("frozen", stepMs: 25);
        using var cluster = new ProcessCluster();
        await cluster.StartCoordinatorAsync();
        var n1 = await cluster.StartNodeAsync("n1", 1);
        await cluster.StartNodeAsync("n2", 1);
        var sweepId = await cluster.SubmitAsync(yaml);

        var victim = await cluster.WaitForTrialAsync(sweepId, t => t is { NodeId: "n1", State: TrialState.Running, Step: > 0 }, SweepTimeout);
        n1.Signal("STOP");
        await cluster.WaitForTrialAsync(sweepId, t => t.TrialId == victim.TrialId && t.Attempt > victim.Attempt, SweepTimeout);
        n1.Signal("CONT");
        var trials = await cluster.WaitForSweepAsync(sweepId, SweepTimeout);

        Assert.Equal(await EmbeddedAsync(yaml), Results(trials));
        Assert.True(trials.Single(t => t.TrialId == victim.TrialId).Attempt > victim.Attempt);
        await AssertNoDuplicateMetricsAsync(cluster, trials);
    }

    /// <summary>Polls a node's outbox file until it holds <paramref name="count"/> unacknowledged trial ends.</summary>
    private static Task<List<TrialEndedEvent>> WaitForUnackedEndsAsync(string path, int count, TimeSpan timeout) => Eventually.ValueAsync(
        async ct =>
        {
            List<TrialEndedEvent> ends = File.Exists(path)
                ? [.. OutboxRecovery.From(OutboxFormat.Read(await File.ReadAllBytesAsync(path, ct))).Events.OfType<TrialEndedEvent>()]
                : [];
            return ends.Count >= count ? ends : null;
        },
        timeout,
        $"{count} unacknowledged trial ends in {Path.GetFileName(path)}",
        TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task SecondCoordinatorOnTheSameSqliteFile_IsRefusedWithAClearMessage()
    {
        using var cluster = new ProcessCluster();
        await cluster.StartCoordinatorAsync();

        var second = cluster.StartCoordinatorProcess(ProcessCluster.FreeUrl(), "sqlite:" + Path.Combine(cluster.Directory, "cluster.db"));

        Assert.Equal(2, await second.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("another coordinator is running on", second.Output, StringComparison.Ordinal);
        Assert.Contains("SQLite has no multi-coordinator mode", second.Output, StringComparison.Ordinal);
        using var stillServing = await cluster.Client.GetAsync("api/v1/sweeps");
        Assert.True(stillServing.IsSuccessStatusCode);
    }

    internal static string Spec(string name, int stepMs) =>
        TestSpecs.SimulatedYaml(name: name, init: "[1, 2]", order: "[1, 2, 3]", steps: 40, evaluations: 4, stepDurationMs: stepMs);

    internal static Dictionary<string, (TrialState, double?)> Results(IReadOnlyList<TrialRow> trials) =>
        trials.ToDictionary(t => t.TrialId, t => (t.State, t.FinalMetric));

    /// <summary>The same spec run embedded without step delays (delays change timing, not results).</summary>
    internal static async Task<Dictionary<string, (TrialState, double?)>> EmbeddedAsync(string yaml)
    {
        yaml = string.Join('\n', yaml.Split('\n').Select(l => l.TrimStart().StartsWith("step_duration_ms:", StringComparison.Ordinal) ? "    step_duration_ms: 0" : l));
        await using var local = await InProcessCluster.StartAsync();
        local.StartNode("local", 4);
        var id = await local.SubmitAsync(yaml);
        await local.WaitAsync(id);
        return Results(await local.Store.ListTrialsAsync(id));
    }

    /// <summary>No (trial, attempt, step, metric) stored twice.</summary>
    private static Task AssertNoDuplicateMetricsAsync(ProcessCluster cluster, IReadOnlyList<TrialRow> trials) =>
        AssertNoDuplicateMetricsAsync(cluster.Client, trials);

    /// <summary>The same through any coordinator's API.</summary>
    internal static async Task AssertNoDuplicateMetricsAsync(HttpClient client, IReadOnlyList<TrialRow> trials)
    {
        foreach (var trial in trials)
        {
            var detail = await client.GetFromJsonAsync("api/v1/trials?id=" + Uri.EscapeDataString(trial.TrialId), ApiJsonContext.Default.TrialDetail);
            var keys = detail!.Metrics.Select(m => (m.Attempt, m.Step, m.Name)).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.NotEmpty(keys);
        }
    }
}
