using System.Net;
using SweepCluster.GpuNode.Http;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>The node's HTTP link: transient failures are retried, refusals are not.</summary>
public sealed class HttpCoordinatorLinkTests
{
    [Fact]
    public async Task Register_TwoServerErrorsThenSuccess_RetriesAndReturnsTheReply()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        using var link = NewLink(handler);

        var reply = await link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "n", 1, [], []), CancellationToken.None);

        Assert.Equal((3, 10.0), (handler.Calls, reply.LeaseSeconds));
        Assert.Equal("Bearer cluster-secret", handler.LastAuthorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Sync_Refused_ThrowsAtOnceWithoutRetrying(HttpStatusCode status)
    {
        var handler = new ScriptedHandler(status, HttpStatusCode.OK);
        using var link = NewLink(handler);

        var error = await Assert.ThrowsAsync<CoordinatorRejectedException>(
            () => link.SyncAsync(new SyncRequest(NodeProtocol.Version, "n", 0, [], false), CancellationToken.None));

        Assert.Equal((status, 1), (error.Status, handler.Calls));
    }

    [Fact]
    public async Task Sync_FirstCoordinatorIsAStandby_MovesToTheNextAndSticksToIt()
    {
        var handler = new PerHostHandler(new() { ["a"] = HttpStatusCode.ServiceUnavailable, ["b"] = HttpStatusCode.OK });
        using var link = NewLink(handler, "a", "b");

        await link.SyncAsync(new SyncRequest(NodeProtocol.Version, "n", 0, [], false), CancellationToken.None);
        await link.SyncAsync(new SyncRequest(NodeProtocol.Version, "n", 0, [], false), CancellationToken.None);

        Assert.Equal(["a", "b", "b"], handler.Hosts);
        Assert.Equal(new Uri("http://b:7878"), link.Current);
    }

    [Fact]
    public async Task Register_FirstCoordinatorUnreachable_MovesToTheNextAndWrapsAroundWhenThatFails()
    {
        var handler = new PerHostHandler(new() { ["a"] = null, ["b"] = HttpStatusCode.OK });
        using var link = NewLink(handler, "a", "b");

        var reply = await link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "n", 1, [], []), CancellationToken.None);
        handler.Answers["b"] = null;
        handler.Answers["a"] = HttpStatusCode.OK;
        await link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "n", 1, [], []), CancellationToken.None);

        Assert.Equal(10.0, reply.LeaseSeconds);
        Assert.Equal(["a", "b", "b", "a"], handler.Hosts);
    }

    [Fact]
    public async Task Sync_EveryCoordinatorAStandby_FailsAfterTheRetriesWithTheStandbyAnswer()
    {
        var handler = new PerHostHandler(new() { ["a"] = HttpStatusCode.ServiceUnavailable, ["b"] = HttpStatusCode.ServiceUnavailable });
        using var link = NewLink(handler, "a", "b");

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => link.SyncAsync(new SyncRequest(NodeProtocol.Version, "n", 0, [], false), CancellationToken.None));

        Assert.Equal(["a", "b", "a", "b"], handler.Hosts); // the first try and 3 retries
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("the leader is http://c:7878", error.Message, StringComparison.Ordinal);
    }

    private static HttpCoordinatorLink NewLink(HttpMessageHandler handler, params string[] hosts) => new(
        new HttpLinkOptions { Coordinators = [.. hosts.Select(h => new Uri($"http://{h}:7878"))], Token = "t", RetryDelay = TimeSpan.FromMilliseconds(1) },
        TimeProvider.System,
        new HttpClient(handler));

    private static HttpCoordinatorLink NewLink(HttpMessageHandler handler) => new(
        new HttpLinkOptions { Coordinator = new Uri("http://127.0.0.1:9"), Token = "cluster-secret", RetryDelay = TimeSpan.FromMilliseconds(1) },
        TimeProvider.System,
        new HttpClient(handler));

    private sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public string? LastAuthorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastAuthorization = request.Headers.Authorization?.ToString();
            var status = answers[Math.Min(Calls, answers.Length - 1)];
            Calls++;
            var body = status == HttpStatusCode.OK ? """{"protocolVersion":1,"nodeId":"n","leaseSeconds":10,"heartbeatSeconds":2}""" : """{"error":"no"}""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }

    /// <summary>Answers by host: a status, or null to fail as an unreachable address does.</summary>
    private sealed class PerHostHandler(Dictionary<string, HttpStatusCode?> answers) : HttpMessageHandler
    {
        public Dictionary<string, HttpStatusCode?> Answers { get; } = answers;

        public List<string> Hosts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Host;
            Hosts.Add(host);
            if (Answers[host] is not { } status)
            {
                throw new HttpRequestException("Connection refused");
            }

            var body = status == HttpStatusCode.OK
                ? request.RequestUri.AbsolutePath.EndsWith("/register", StringComparison.Ordinal)
                    ? """{"protocolVersion":1,"nodeId":"n","leaseSeconds":10,"heartbeatSeconds":2}"""
                    : """{"protocolVersion":1,"known":true,"ackedEventSeq":0,"commands":[]}"""
                : """{"error":"standby coordinator; the leader is http://c:7878"}""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
