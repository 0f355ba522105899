using System.Net.Http.Json;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// The cluster as real processes: <c>sweep coordinator</c> and two <c>sweep node</c> on loopback,
/// simulated runner. Final results must equal an uninterrupted embedded run of the same spec,
/// whatever is killed or frozen on the way.
/// </summary>
[Trait("Category", "Processes")]
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
