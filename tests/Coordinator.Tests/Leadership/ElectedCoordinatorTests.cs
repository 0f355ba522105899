using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.Coordinator.Tests.Http;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Http;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Leadership;

/// <summary>A coordinator among several: standby answers, takeover, and stepping down when the lease is lost.</summary>
public sealed class ElectedCoordinatorTests
{
    private const string Leader = "http://leader:7878";

    [Fact]
    public async Task Standby_ReadRoutesServeTheStoreAndEverythingElseAnswers503NamingTheLeader()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await ElectedCluster.CreateAsync(time);
        await cluster.SubmitEarlierAsync(TestSpecs.SimulatedYaml(name: "pre"));
        cluster.Election.HeldBy(Leader);
        cluster.Coordinator.Start("http://me:7878");
        await cluster.WaitForReportAsync("standby; the leader is " + Leader);
        var before = await StoreSnapshot.TakeAsync(cluster.Store, "pre");
        var clusterEvents = await cluster.Store.HighestSequenceAsync(Streams.Cluster);

        Assert.Equal(["pre"], (await cluster.Client.GetFromJsonAsync("api/v1/sweeps", ApiJsonContext.Default.IReadOnlyListSweepRow))!.Select(s => s.SweepId));
        var summary = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/pre", ApiJsonContext.Default.SweepSummary);
        Assert.Equal("running", summary!.Sweep.Status);
        Assert.Null(summary.Progress);
        Assert.Equal(4, (await cluster.Client.GetFromJsonAsync("api/v1/sweeps/pre/trials", ApiJsonContext.Default.TrialPage))!.Total);

        var answers = new List<HttpResponseMessage>
        {
            await cluster.Client.PostAsync("api/v1/sweeps", new StringContent(TestSpecs.SimulatedYaml(name: "other"), Encoding.UTF8, "application/yaml")),
            await cluster.Client.PostAsync("api/v1/sweeps/pre/cancel", null),
            await cluster.Client.PostAsync("api/v1/trials/stop?id=" + Uri.EscapeDataString((await cluster.Store.ListTrialsAsync("pre"))[0].TrialId), null),
            await cluster.NodeClient.PostAsync("api/v1/nodes/register", Register("n")),
            await cluster.NodeClient.PostAsync("api/v1/nodes/sync", Sync("n", hold: false)),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("1", answer.Headers.GetValues("Retry-After").Single());
            Assert.Equal(
                $"standby coordinator; the leader is {Leader} (epoch 1)",
                (await answer.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError))!.Error);
            answer.Dispose();
        }

        Assert.Null(cluster.Coordinator.Role.Current);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(cluster.Store, "pre"));
        Assert.Equal(clusterEvents, await cluster.Store.HighestSequenceAsync(Streams.Cluster));
        Assert.Equal(["pre"], (await cluster.Store.ListSweepsAsync()).Select(s => s.SweepId));
    }

    [Fact]
    public async Task Standby_LeaderGoesAway_TakesOverRecoversTheSweepFromTheJournalAndRunsIt()
    {
        var leadership = new LeadershipOptions { Lease = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromMilliseconds(20) };
        await using var cluster = await ElectedCluster.CreateAsync(TimeProvider.System, leadership: leadership);
        await cluster.SubmitEarlierAsync(TestSpecs.SimulatedYaml(name: "taken", init: "[1, 2, 3]", order: "[1, 2]"));
        cluster.Election.HeldBy(Leader);
        cluster.Coordinator.Start("http://me:7878");
        await cluster.WaitForReportAsync("standby; the leader is " + Leader);
        using var link = new HttpCoordinatorLink(
            new HttpLinkOptions { Coordinator = new Uri(cluster.Server.Urls[0]), Token = LoopbackServer.ClusterToken, RetryDelay = TimeSpan.Zero }, TimeProvider.System);
        var nodeOptions = new NodeOptions { NodeId = "n", Slots = 2, WorkDirectory = Path.Combine(Path.GetTempPath(), $"sweepcluster-elected-node-{Guid.NewGuid():N}") };
        nodeOptions.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
        await using var node = NodeAgent.Start(link, nodeOptions, [new SimulatedRunner()], TimeProvider.System, NullLoggerFactory.Instance);

        cluster.Election.Expire();
        await cluster.WaitForReportAsync("leading (epoch 2)");
        await cluster.Coordinator.Role.Leader.WaitForSweepAsync("taken").WaitAsync(TimeSpan.FromSeconds(30));

        var trials = await cluster.Store.ListTrialsAsync("taken");
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal((TrialState.Completed, 1, "n"), (t.State, t.Attempt, t.NodeId)));
        Assert.Equal(new LeaderInfo("http://me:7878", 2, true), cluster.Election.Holder);
    }

    [Fact]
    public async Task Leader_NoRenewalSucceedsForALease_StopsAtOnceAnswers503AndWritesNothingMore()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await ElectedCluster.CreateAsync(time);
        cluster.Coordinator.Start("http://me:7878");
        await cluster.WaitForReportAsync("leading (epoch 1)");
        using (var registered = await cluster.NodeClient.PostAsync("api/v1/nodes/register", Register("n")))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        var clusterEvents = await cluster.Store.HighestSequenceAsync(Streams.Cluster);
        cluster.Election.Unreachable = true;

        time.Advance(TimeSpan.FromSeconds(5.9));
        Assert.NotNull(cluster.Coordinator.Role.Current);
        time.Advance(TimeSpan.FromSeconds(0.1));

        // Past the lease by its own clock: no longer the leader, whether or not the loop has reacted yet.
        Assert.Null(cluster.Coordinator.Role.Current);
        await cluster.WaitForReportAsync("lost the leadership (epoch 1)");
        using var answer = await cluster.NodeClient.PostAsync("api/v1/nodes/sync", Sync("n", hold: false));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.StartsWith("this coordinator lost its leadership", (await answer.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError))!.Error, StringComparison.Ordinal);

        // A leader would now declare the silent node Lost (lease 10 s): a stopped one writes nothing.
        for (var s = 0; s < 20; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(clusterEvents, await cluster.Store.HighestSequenceAsync(Streams.Cluster));
        Assert.Empty(await cluster.Store.ReadAsync(Streams.Cluster, clusterEvents + 1, long.MaxValue));
    }

    [Fact]
    public async Task Leader_HeldSyncCompletesAfterTheLeaseRanOut_Answers503InsteadOfCommands()
    {
        var time = new ManualTimeProvider();
        var options = new CoordinatorOptions();
        options.Nodes.MaxHold = TimeSpan.FromSeconds(9);
        await using var cluster = await ElectedCluster.CreateAsync(time, options);
        cluster.Coordinator.Start("http://me:7878");
        await cluster.WaitForReportAsync("leading (epoch 1)");
        using (var registered = await cluster.NodeClient.PostAsync("api/v1/nodes/register", Register("n")))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        // The renewal hangs, as in a process frozen mid-request; a long-poll is held meanwhile.
        cluster.Election.RenewHangs = true;
        var timers = time.ActiveTimerCount;
        var held = cluster.NodeClient.PostAsync("api/v1/nodes/sync", Sync("n", hold: true));
        await Eventually.UntilAsync( // the request arrives on Kestrel's threads, in real time
            () => time.ActiveTimerCount == timers + 2, TimeSpan.FromSeconds(30), "the hold's timer and the timeout of the registry's answer to be armed");

        for (var s = 0; s < 10; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        using var answer = await held.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.DoesNotContain(cluster.Reports, r => r.StartsWith("lost", StringComparison.Ordinal));
    }

    private static StringContent Register(string nodeId) => Json(
        JsonSerializer.Serialize(new RegisterNode(NodeProtocol.Version, nodeId, 1, ["simulated"], []), NodeLinkJsonContext.Default.RegisterNode));

    private static StringContent Sync(string nodeId, bool hold) => Json(
        JsonSerializer.Serialize(new SyncRequest(NodeProtocol.Version, nodeId, 0, [], hold), NodeLinkJsonContext.Default.SyncRequest));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
