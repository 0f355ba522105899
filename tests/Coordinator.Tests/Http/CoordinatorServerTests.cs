using System.Net;
using System.Net.Http.Json;
using System.Text;
using SweepCluster.Coordinator.Http;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>The client and node routes over a real Kestrel on loopback.</summary>
public sealed class CoordinatorServerTests
{
    [Fact]
    public async Task Submit_ValidSpec_Returns201AndTheSweepIsListedWithItsTrials()
    {
        await using var cluster = await HttpCluster.StartAsync();

        using var response = await cluster.Client.PostAsync("api/v1/sweeps", Yaml(TestSpecs.SimulatedYaml(name: "api", init: "[1, 2, 3]", order: "[1, 2]")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("api", (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.SubmitResponse))!.SweepId);
        var sweeps = await cluster.Client.GetFromJsonAsync("api/v1/sweeps", ApiJsonContext.Default.IReadOnlyListSweepRow);
        Assert.Equal(["api"], sweeps!.Select(s => s.SweepId));
        var summary = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/api", ApiJsonContext.Default.SweepSummary);
        Assert.Equal((6, 6), (summary!.Sweep.TrialCount, summary.Progress!.Counts[TrialState.Queued]));
    }

    [Fact]
    public async Task Submit_InvalidSpec_Returns400WithTheLineAndStoresNothing()
    {
        await using var cluster = await HttpCluster.StartAsync();
        var yaml = TestSpecs.SimulatedYaml(name: "bad").Replace("steps: 10", "steps: -3", StringComparison.Ordinal);

        using var response = await cluster.Client.PostAsync("api/v1/sweeps", Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError);
        var expectedLine = yaml.Split('\n').ToList().FindIndex(l => l.Contains("steps: -3", StringComparison.Ordinal)) + 1;
        Assert.Equal(expectedLine, error!.Line);
        Assert.Contains("steps", error.Error, StringComparison.Ordinal);
        Assert.Empty(await cluster.Store.ListSweepsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData(LoopbackServer.ClusterToken)]
    public async Task ClientRoutes_WithoutTheClientToken_Return401AndChangeNothing(string? token)
    {
        await using var cluster = await HttpCluster.StartAsync();
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "keep"), Path.GetTempPath());
        var before = await StoreSnapshot.TakeAsync(cluster.Store, "keep");
        using var client = cluster.NewClient(token);

        var answers = new List<HttpStatusCode>();
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.PostAsync("api/v1/sweeps", Yaml(TestSpecs.SimulatedYaml(name: "other"))),
            () => client.PostAsync("api/v1/sweeps/keep/cancel", null),
            () => client.PostAsync("api/v1/sweeps/keep/resume", null),
            () => client.PostAsync("api/v1/trials/stop?id=keep%2Fc0-w1-d1", null),
            () => client.GetAsync("api/v1/sweeps"),
            () => client.GetAsync("api/v1/sweeps/keep/trials"),
            () => client.GetAsync("api/v1/sweeps/keep/events"),
        })
        {
            using var response = await request();
            answers.Add(response.StatusCode);
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(cluster.Store, "keep"));
        Assert.Equal(["keep"], (await cluster.Store.ListSweepsAsync()).Select(s => s.SweepId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData(LoopbackServer.ClientToken)]
    public async Task NodeRoutes_WithoutTheClusterToken_Return401AndTheNodeIsNotRegistered(string? token)
    {
        await using var cluster = await HttpCluster.StartAsync();
        using var client = cluster.NewClient(token);
        var register = new RegisterNode(NodeProtocol.Version, "intruder", 4, ["simulated"], []);

        using var response = await client.PostAsJsonAsync("api/v1/nodes/register", register, NodeLinkJsonContext.Default.RegisterNode);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await cluster.Host.ListNodesAsync());
        Assert.Empty(await cluster.Store.ListNodesAsync());
    }

    [Fact]
    public async Task NodeRoutes_OtherProtocolVersion_Return409WithBothVersions()
    {
        await using var cluster = await HttpCluster.StartAsync();
        using var client = cluster.NewClient(LoopbackServer.ClusterToken);
        var register = new RegisterNode(NodeProtocol.Version + 1, "future", 4, ["simulated"], []);
        var sync = new SyncRequest(NodeProtocol.Version + 1, "future", 0, [], Hold: false);

        using var registered = await client.PostAsJsonAsync("api/v1/nodes/register", register, NodeLinkJsonContext.Default.RegisterNode);
        using var synced = await client.PostAsJsonAsync("api/v1/nodes/sync", sync, NodeLinkJsonContext.Default.SyncRequest);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (registered.StatusCode, synced.StatusCode));
        var error = await registered.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError);
        Assert.Contains($"version {NodeProtocol.Version + 1} is not supported", error!.Error, StringComparison.Ordinal);
        Assert.Contains($"speaks version {NodeProtocol.Version}", error.Error, StringComparison.Ordinal);
        Assert.Empty(await cluster.Host.ListNodesAsync());
    }

    [Fact]
    public async Task StopCancelReport_OnAQueuedSweep_AnswerAsDocumented()
    {
        await using var cluster = await HttpCluster.StartAsync();
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "q", init: "[1, 2]", order: "[1]"), Path.GetTempPath());

        var stopped = await PostAsync(cluster.Client, "api/v1/trials/stop?id=" + Uri.EscapeDataString("q/c0-w1-d1"));
        var stoppedAgain = await PostAsync(cluster.Client, "api/v1/trials/stop?id=" + Uri.EscapeDataString("q/c0-w1-d1"));
        var trial = await cluster.Client.GetFromJsonAsync("api/v1/trials?id=" + Uri.EscapeDataString("q/c0-w1-d1"), ApiJsonContext.Default.TrialDetail);
        var cancelled = await PostAsync(cluster.Client, "api/v1/sweeps/q/cancel");
        using var report = await cluster.Client.GetAsync("api/v1/sweeps/q/report");
        using var csv = await cluster.Client.GetAsync("api/v1/sweeps/q/report?format=csv");
        using var badFormat = await cluster.Client.GetAsync("api/v1/sweeps/q/report?format=xml");
        using var missing = await cluster.Client.GetAsync("api/v1/trials?id=q%2Fnope");

        Assert.Equal((true, false, true), (stopped.Changed, stoppedAgain.Changed, cancelled.Changed));
        Assert.Equal(TrialState.Cancelled, trial!.Trial.State);
        Assert.Equal(["user/cancel/stopped by user"], trial.Decisions.Select(d => $"{d.Policy}/{d.Action}/{d.Reason}"));
        var sweep = await cluster.Store.GetSweepAsync("q");
        Assert.Equal(("cancelled", 2), (sweep!.Status, sweep.Counts[TrialState.Cancelled]));
        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
            (report.StatusCode, csv.StatusCode, badFormat.StatusCode, missing.StatusCode));
        var json = System.Text.Json.JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        Assert.Equal("q", json.RootElement.GetProperty("sweepId").GetString());
        var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("trial_id,config,wi_seed,do_seed,state", rows[0]);
    }

    [Fact]
    public async Task Resume_CancelledSweep_Returns200AndRequeuesOnlyWhatTheCancelEnded()
    {
        await using var cluster = await HttpCluster.StartAsync();
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "r", init: "[1, 2]", order: "[1]"), Path.GetTempPath());
        using var whileRunning = await cluster.Client.PostAsync("api/v1/sweeps/r/resume", null);
        await PostAsync(cluster.Client, "api/v1/trials/stop?id=" + Uri.EscapeDataString("r/c0-w1-d1"));
        await PostAsync(cluster.Client, "api/v1/sweeps/r/cancel");

        var resumed = await PostAsync(cluster.Client, "api/v1/sweeps/r/resume");
        using var again = await cluster.Client.PostAsync("api/v1/sweeps/r/resume", null);
        using var unknown = await cluster.Client.PostAsync("api/v1/sweeps/nope/resume", null);

        Assert.Equal(
            (HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound),
            (whileRunning.StatusCode, again.StatusCode, unknown.StatusCode));
        Assert.Equal("sweep 'r' is running; only a cancelled sweep can be resumed", (await again.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError))!.Error);
        Assert.Equal(new ActionResponse(true, "resuming r: 1 cancelled trial(s) queued again"), resumed);
        var trials = (await cluster.Store.ListTrialsAsync("r")).ToDictionary(t => t.TrialId, t => (t.State, t.Attempt));
        Assert.Equal((TrialState.Cancelled, 1), trials["r/c0-w1-d1"]);
        Assert.Equal((TrialState.Queued, 2), trials["r/c0-w2-d1"]);
        Assert.Equal("running", (await cluster.Store.GetSweepAsync("r"))!.Status);
    }

    [Fact]
    public async Task Trials_FiltersAndPaging_ReturnTheMatchingSliceInExpansionOrder()
    {
        await using var cluster = await HttpCluster.StartAsync();
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "p", init: "[1, 2, 3]", order: "[1, 2]"), Path.GetTempPath());

        var page = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/p/trials?offset=2&limit=3", ApiJsonContext.Default.TrialPage);
        var byInit = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/p/trials?init=2", ApiJsonContext.Default.TrialPage);
        var byState = await cluster.Client.GetFromJsonAsync("api/v1/sweeps/p/trials?state=completed", ApiJsonContext.Default.TrialPage);
        using var badState = await cluster.Client.GetAsync("api/v1/sweeps/p/trials?state=sleeping");

        Assert.Equal((6, 2), (page!.Total, page.Offset));
        Assert.Equal(["p/c0-w2-d1", "p/c0-w2-d2", "p/c0-w3-d1"], page.Items.Select(t => t.TrialId));
        Assert.Equal(["p/c0-w2-d1", "p/c0-w2-d2"], byInit!.Items.Select(t => t.TrialId));
        Assert.Equal(0, byState!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }

    [Fact]
    public async Task Trials_AfterCursor_WalksEveryTrialOnceAndRejectsABadCursor()
    {
        await using var cluster = await HttpCluster.StartAsync();
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "k", init: "[1, 2, 3]", order: "[1, 2]"), Path.GetTempPath());
        await cluster.Host.SubmitAsync(TestSpecs.SimulatedYaml(name: "other", init: "[1]", order: "[1]"), Path.GetTempPath());

        var pages = new List<TrialPage> { (await cluster.Client.GetFromJsonAsync("api/v1/sweeps/k/trials?limit=4", ApiJsonContext.Default.TrialPage))! };
        while (pages[^1].Next is { } next && pages.Count < 10)
        {
            pages.Add((await cluster.Client.GetFromJsonAsync(
                "api/v1/sweeps/k/trials?limit=4&after=" + Uri.EscapeDataString(next), ApiJsonContext.Default.TrialPage))!);
        }

        using var both = await cluster.Client.GetAsync("api/v1/sweeps/k/trials?offset=1&after=k%2Fc0-w1-d1");
        using var unknown = await cluster.Client.GetAsync("api/v1/sweeps/k/trials?after=k%2Fc0-w9-d9");
        using var ofOtherSweep = await cluster.Client.GetAsync("api/v1/sweeps/k/trials?after=other%2Fc0-w1-d1");

        Assert.Equal(
            ["k/c0-w1-d1", "k/c0-w1-d2", "k/c0-w2-d1", "k/c0-w2-d2", "k/c0-w3-d1", "k/c0-w3-d2"],
            pages.SelectMany(p => p.Items.Select(t => t.TrialId)));
        Assert.Equal(new (int, int?, string?)[] { (6, 0, "k/c0-w2-d2"), (6, null, null) }, pages.Select(p => (p.Total, p.Offset, p.Next)));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (both.StatusCode, unknown.StatusCode, ofOtherSweep.StatusCode));
        Assert.Equal("after: sweep 'k' has no trial 'other/c0-w1-d1'", (await ofOtherSweep.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError))!.Error);
    }

    private static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");

    private static async Task<ActionResponse> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ActionResponse))!;
    }
}
