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
}
