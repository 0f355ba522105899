using System.Diagnostics;
using System.Net.Http.Json;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using SweepCluster.TestKit.Conditions;
using Xunit.Abstractions;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// The cluster as real processes on separate network "hosts" (deploy/netns-cluster.sh): the
/// coordinator and each node in its own network namespace. Unlike the loopback tests, a node can
/// be cut off from the coordinator while it keeps running, and then come back.
/// </summary>
[Trait("Category", "Processes")]
[Collection(ProcessClusterCollection.Name)]
[RequiresNetworkNamespaces]
public sealed class NetnsPartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Well above what the node needs once the link heals (about 1 s with its 5 s network timeout,
    // see TcpLiveness), well below the 30 s request timeout a hung connection used to wait for.
    private static readonly TimeSpan RejoinLimit = TimeSpan.FromSeconds(10);

    [ConditionalFact]
    public async Task PartitionNode_MidSweep_ItsTrialsFinishOnTheOtherNodeAndItsLateResultsAreFenced()
    {
        // 8 trials of 3 s (30 steps of 100 ms), two slots per node.
        var yaml = TestSpecs.SimulatedYaml(name: "partition", init: "[1, 2]", order: "[1, 2, 3, 4]", steps: 30, evaluations: 3, stepDurationMs: 100);
        using var network = NetnsNetwork.Create(nodes: 2);
        using var cluster = new ProcessCluster(url: network.CoordinatorUrl, launcher: network.Launcher);
        await cluster.StartCoordinatorAsync();
        await cluster.StartNodeAsync("n1", 2);
        await cluster.StartNodeAsync("n2", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        var outbox = Path.Combine(cluster.Directory, "work-n1", "outbox", "n1.events");

        // Node 1 runs two trials, both far from done; then the network drops everything to and from it.
        var victims = (await WaitForTrialsAsync(cluster, sweepId, Timeout, trials =>
            trials.Where(t => t is { NodeId: "n1", State: TrialState.Running, Step: > 0, Fraction: < 0.5 }).ToList() is { Count: 2 } onN1 ? onN1 : null))
            .Select(t => t.TrialId).Order().ToList();
        network.Partition(1);

        // Its lease runs out: the coordinator requeues both as attempt 2, which node 2 runs, while
        // node 1, alone, finishes attempt 1 of both and keeps their ends for later.
        await WaitForTrialsAsync(cluster, sweepId, Timeout, trials =>
            victims.All(v => trials.Single(t => t.TrialId == v) is { Attempt: 2, NodeId: "n2" }) ? trials : null);
        var late = await WaitForOutboxAsync(outbox, Timeout, pending =>
            pending.OfType<TrialEndedEvent>().Select(e => (e.TrialId, e.Attempt)).Order().ToList() is { Count: 2 } ends ? ends : null);
        Assert.Equal(victims.Select(v => (v, 1)), late);
        await WaitForNodeStateAsync(cluster, "n1", "lost", Timeout);

        var healed = Stopwatch.StartNew();
        network.Heal(1);
        await WaitForNodeStateAsync(cluster, "n1", "alive", Timeout);
        var rejoin = healed.Elapsed;
        output.WriteLine($"node 1 registered again {rejoin.TotalSeconds:0.00} s after the partition healed");

        var trials = await cluster.WaitForSweepAsync(sweepId, Timeout);
        // Node 1 delivered its two late ends (the coordinator acknowledged them) ...
        await WaitForOutboxAsync(outbox, Timeout, pending => pending.Count == 0 ? pending : null);
        cluster.Coordinator!.Kill();

        Assert.Equal(await ClusterProcessTests.EmbeddedAsync(yaml), ClusterProcessTests.Results(trials));
        Assert.All(trials, t => Assert.Equal(victims.Contains(t.TrialId) ? 2 : 1, t.Attempt));
        Assert.All(victims, v => Assert.Equal("n2", trials.Single(t => t.TrialId == v).NodeId));
        Assert.InRange(rejoin, TimeSpan.Zero, RejoinLimit);

        // ... and the journal kept none of them: one end per trial, of its final attempt.
        await using var store = await SqliteSweepStore.OpenAsync(Path.Combine(cluster.Directory, "cluster.db"), TimeProvider.System);
        var journal = (await store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        Assert.Equal(
            trials.Select(t => (t.TrialId, t.Attempt)).Order(),
            journal.OfType<TrialFinished>().Select(f => (f.TrialId, f.Attempt)).Order());
        Assert.Equal(victims.Select(v => (v, 1, "n1")), journal.OfType<TrialLost>().Select(l => (l.TrialId, l.Attempt, l.NodeId)).Order());
    }

    /// <summary>Polls the sweep's trials until <paramref name="select"/> returns non-null.</summary>
    private static Task<T> WaitForTrialsAsync<T>(ProcessCluster cluster, string sweepId, TimeSpan timeout, Func<IReadOnlyList<TrialRow>, T?> select)
        where T : class => Eventually.ValueAsync(
        async ct => select((await cluster.Client.GetFromJsonAsync($"api/v1/sweeps/{sweepId}/trials", ApiJsonContext.Default.TrialPage, ct))!.Items),
        timeout,
        $"the trials of sweep {sweepId} to reach the awaited state",
        TimeSpan.FromMilliseconds(50));

    /// <summary>Polls a node's outbox file (its unacknowledged events) until <paramref name="select"/> returns non-null.</summary>
    private static Task<T> WaitForOutboxAsync<T>(string path, TimeSpan timeout, Func<IReadOnlyList<NodeEvent>, T?> select)
        where T : class => Eventually.ValueAsync(
        async ct => select(File.Exists(path) ? OutboxRecovery.From(OutboxFormat.Read(await File.ReadAllBytesAsync(path, ct))).Events : []),
        timeout,
        $"the awaited events in {Path.GetFileName(path)}",
        TimeSpan.FromMilliseconds(50));

    private static async Task<string> NodeStateAsync(ProcessCluster cluster, string nodeId)
    {
        var nodes = await cluster.Client.GetFromJsonAsync("api/v1/nodes", ApiJsonContext.Default.IReadOnlyListNodeRow);
        return nodes!.Single(n => n.NodeId == nodeId).State;
    }

    private static Task WaitForNodeStateAsync(ProcessCluster cluster, string nodeId, string state, TimeSpan timeout) =>
        Eventually.UntilAsync(async () => await NodeStateAsync(cluster, nodeId) == state, timeout, $"node {nodeId} {state}", TimeSpan.FromMilliseconds(20));
}
