using System.Net;
using System.Text;
using System.Text.Json;
using SweepCluster.Cli.Remote;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Tests.Remote;

/// <summary>A client given a leader and its standbys moves on from an unreachable or standby coordinator.</summary>
public sealed class CoordinatorClientTests
{
    private static readonly Uri A = new("http://coord-a:7878/");
    private static readonly Uri B = new("http://coord-b:7878/");

    [Fact]
    public async Task ListSweeps_FirstUnreachable_SecondAnswersAndIsUsedFromThenOn()
    {
        var handler = new ScriptedHandler(request => request.RequestUri!.Host == "coord-a"
            ? throw new HttpRequestException("Connection refused")
            : Json(HttpStatusCode.OK, "[]"));
        using var client = new CoordinatorClient([A, B], "t", handler);

        Assert.Empty(await client.ListSweepsAsync(CancellationToken.None));
        Assert.Empty(await client.ListSweepsAsync(CancellationToken.None));

        Assert.Equal(B, client.Current);
        Assert.Equal(
            ["coord-a/api/v1/sweeps", "coord-b/api/v1/sweeps", "coord-b/api/v1/sweeps"],
            handler.Seen);
        Assert.All(handler.Tokens, token => Assert.Equal("Bearer t", token));
    }

    [Fact]
    public async Task Submit_StandbyAnswers503_NextCoordinatorGetsTheSameSpec()
    {
        var bodies = new List<string>();
        var handler = new ScriptedHandler(request =>
        {
            bodies.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return request.RequestUri!.Host == "coord-a"
                ? Json(HttpStatusCode.ServiceUnavailable, """{"error":"standby coordinator; the leader is http://coord-b:7878 (epoch 2)"}""")
                : Json(HttpStatusCode.OK, """{"sweepId":"s1"}""");
        });
        using var client = new CoordinatorClient([A, B], "t", handler);

        Assert.Equal("s1", await client.SubmitAsync("name: s1\n", null, CancellationToken.None));

        Assert.Equal(["name: s1\n", "name: s1\n"], bodies);
        Assert.Equal(B, client.Current);
    }

    [Fact]
    public async Task ListSweeps_NoCoordinatorAnswers_OneErrorNamingEach()
    {
        var handler = new ScriptedHandler(request => request.RequestUri!.Host == "coord-a"
            ? throw new HttpRequestException("Connection refused")
            : Json(HttpStatusCode.ServiceUnavailable, """{"error":"standby coordinator; no leader"}"""));
        using var client = new CoordinatorClient([A, B], "t", handler);

        var error = await Assert.ThrowsAsync<CliException>(() => client.ListSweepsAsync(CancellationToken.None));

        Assert.Equal(ExitCodes.CoordinatorError, error.ExitCode);
        Assert.Equal("coordinator answered 503: standby coordinator; no leader", error.Message);
        Assert.Equal(["coord-a/api/v1/sweeps", "coord-b/api/v1/sweeps"], handler.Seen);
    }

    [Fact]
    public async Task ListSweeps_AllUnreachable_MessageNamesEveryUrl()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("Connection refused"));
        using var client = new CoordinatorClient([A, B], "t", handler);

        var error = await Assert.ThrowsAsync<CliException>(() => client.ListSweepsAsync(CancellationToken.None));

        Assert.Equal(
            "no coordinator answered (http://coord-a:7878/: Connection refused; http://coord-b:7878/: Connection refused)",
            error.Message);
    }

    [Fact]
    public async Task ListTrials_SeveralPages_FollowsTheNextCursorUntilThereIsNone()
    {
        var queries = new List<string>();
        var handler = new ScriptedHandler(request =>
        {
            var query = Uri.UnescapeDataString(request.RequestUri!.Query);
            queries.Add(query);
            var page = query.Contains("after=s/c0-w2-d1", StringComparison.Ordinal)
                ? new TrialPage(3, null, [Row("s/c0-w3-d1")], null)
                : new TrialPage(3, 0, [Row("s/c0-w1-d1"), Row("s/c0-w2-d1")], "s/c0-w2-d1");
            return Json(HttpStatusCode.OK, JsonSerializer.Serialize(page, ApiJsonContext.Default.TrialPage));
        });
        using var client = new CoordinatorClient([A], "t", handler);

        var trials = await client.ListTrialsAsync("s", TrialState.Queued, CancellationToken.None);

        Assert.Equal(["s/c0-w1-d1", "s/c0-w2-d1", "s/c0-w3-d1"], trials.Select(t => t.TrialId));
        Assert.Equal(["?limit=1000&state=Queued", "?limit=1000&state=Queued&after=s/c0-w2-d1"], queries);
        Assert.Equal(["coord-a/api/v1/sweeps/s/trials", "coord-a/api/v1/sweeps/s/trials"], handler.Seen);
    }

    private static TrialRow Row(string trialId) =>
        new(trialId, "s", 0, 1, 1, TrialState.Queued, 1, null, 0, 0, 0, null, null, null, null, null, DateTimeOffset.UnixEpoch);

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Seen { get; } = [];

        public List<string?> Tokens { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request.RequestUri!.Host + request.RequestUri.AbsolutePath);
            Tokens.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(answer(request));
        }
    }
}
