using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SweepCluster.Coordinator.Http;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>Whole sweeps with nodes on the HTTP link: results, idempotent redelivery and the event stream.</summary>
public sealed class HttpSweepTests
{
    [Fact]
    public async Task RunSweep_TwoNodesOverHttp_FinalMetricsEqualAnEmbeddedRun()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "wire", init: "[1, 2, 3]", order: "[1, 2]", divergeShare: 0.3);
        Dictionary<string, (TrialState, double?)> embedded;
        await using (var local = await InProcessCluster.StartAsync())
        {
            local.StartNode("local", 2);
            var id = await local.SubmitAsync(yaml);
            await local.WaitAsync(id);
            embedded = (await local.Store.ListTrialsAsync(id)).ToDictionary(t => t.TrialId, t => (t.State, t.FinalMetric));
        }

        await using var cluster = await HttpCluster.StartAsync();
        cluster.StartNode("n1", 2);
        cluster.StartNode("n2", 1);
        var sweepId = await cluster.Host.SubmitAsync(yaml, Path.GetTempPath());
        await cluster.WaitAsync(sweepId);

        var overHttp = (await cluster.Store.ListTrialsAsync(sweepId)).ToDictionary(t => t.TrialId, t => (t.State, t.FinalMetric));
        Assert.Equal(6, overHttp.Count);
        Assert.Equal(embedded, overHttp);
        var detail = await cluster.Client.GetFromJsonAsync("api/v1/trials?id=" + Uri.EscapeDataString("wire/c0-w1-d1"), ApiJsonContext.Default.TrialDetail);
        Assert.Equal(await cluster.Store.ListMetricsAsync("wire/c0-w1-d1"), detail!.Metrics);
        var summary = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/wire", ApiJsonContext.Default.SweepSummary);
        Assert.Equal(("completed", 6.0, (double?)null), (summary!.Sweep.Status, summary.Done, summary.EtaSeconds));
    }

    [Fact]
    public async Task NodeEvents_DeliveredAgainTwiceAndOutOfOrder_LeaveTheStoreUnchanged()
    {
        await using var cluster = await HttpCluster.StartAsync();
        RecordingLink? recorder = null;
        cluster.StartNode("n1", 2, link => recorder = new RecordingLink(link));
        var sweepId = await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "dup", init: "[1, 2]", order: "[1, 2]"), Path.GetTempPath());
        await cluster.WaitAsync(sweepId);
        var before = await StoreSnapshot.TakeAsync(cluster.Store, sweepId);
        var syncs = recorder!.SyncsWithEvents;
        Assert.NotEmpty(syncs);

        // Every event again, one per request, newest first, then the original batches again.
        using var node = cluster.NewClient(LoopbackServer.ClusterToken);
        var replays = syncs.SelectMany(s => s.Events).Reverse().Select(e => new SyncRequest(NodeProtocol.Version, "n1", 0, [e], Hold: false))
            .Concat(syncs.Select(s => s with { Hold = false }));
        foreach (var replay in replays)
        {
            using var response = await node.PostAsJsonAsync("api/v1/nodes/sync", replay, NodeLinkJsonContext.Default.SyncRequest);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before, await StoreSnapshot.TakeAsync(cluster.Store, sweepId));
        Assert.All(await cluster.Store.ListTrialsAsync(sweepId), t => Assert.Equal((TrialState.Completed, 1), (t.State, t.Attempt)));
    }

    [Fact]
    public async Task Events_FinishedSweep_StreamsEveryTrialThenTheSweepAndEnds()
    {
        await using var cluster = await HttpCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "sse", init: "[1, 2]", order: "[1]"), Path.GetTempPath());
        await cluster.WaitAsync(sweepId);

        using var response = await cluster.Client.GetAsync("api/v1/sweeps/sse/events", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var changes = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line["data: ".Length..], ApiJsonContext.Default.SweepChange)!)
            .ToList();
        // Trials come in the order their rows last changed (here: which one finished first), then the sweep.
        var lines = changes.Select(c => c.Kind == "trial" ? $"trial:{c.Trial!.TrialId}:{c.Trial.State}" : $"sweep:{c.Sweep!.Status}").ToList();
        Assert.Equal(["trial:sse/c0-w1-d1:Completed", "trial:sse/c0-w2-d1:Completed"], lines.Take(2).Order());
        Assert.Equal(["sweep:completed"], lines.Skip(2));
    }

    [Fact]
    public async Task Events_RunningSweep_StreamsTheTrialsChangeAsItHappens()
    {
        await using var cluster = await HttpCluster.StartAsync();
        var sweepId = await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "live", init: "[1]", order: "[1]"), Path.GetTempPath());
        using var response = await cluster.Client.GetAsync("api/v1/sweeps/live/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await ReadChangeAsync(reader);
        cluster.StartNode("n1", 1);
        var states = new List<string> { first.Trial!.State.ToString() };
        while (states[^1] != "completed")
        {
            var change = await ReadChangeAsync(reader);
            states.Add(change.Kind == "sweep" ? change.Sweep!.Status : change.Trial!.State.ToString());
        }

        Assert.Equal("Queued", states[0]);
        Assert.Contains("Completed", states);
        Assert.Equal(sweepId, first.Trial.SweepId);
    }

    private static async Task<SweepChange> ReadChangeAsync(StreamReader reader)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            if (line is null)
            {
                throw new InvalidOperationException("the stream ended");
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize(line["data: ".Length..], ApiJsonContext.Default.SweepChange)!;
            }
        }
    }
}
