using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Http;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>A coordinator behind a real Kestrel on 127.0.0.1 (free port) over a temp SQLite file, with nodes that use the HTTP link.</summary>
internal sealed class HttpCluster : IAsyncDisposable
{
    private readonly TempSweepStore _temp;
    private readonly List<NodeAgent> _nodes = [];
    private readonly List<HttpCoordinatorLink> _links = [];

    private HttpCluster(TempSweepStore temp, CoordinatorHost host, CoordinatorServer server)
    {
        _temp = temp;
        Host = host;
        Server = server;
        BaseAddress = new Uri(server.Urls[0]);
        Client = NewClient(LoopbackServer.ClientToken);
    }

    public ISweepStore Store => _temp.Store;

    public CoordinatorHost Host { get; }

    public CoordinatorServer Server { get; }

    public Uri BaseAddress { get; }

    /// <summary>An HTTP client with the client token.</summary>
    public HttpClient Client { get; }

    public static async Task<HttpCluster> StartAsync()
    {
        var temp = await TempSweepStore.OpenAsync("http", TimeProvider.System);
        var host = await CoordinatorHost.StartAsync(temp.Store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var server = await CoordinatorServer.StartAsync(host, LoopbackServer.Options(), TimeProvider.System, NullLoggerFactory.Instance);
        return new HttpCluster(temp, host, server);
    }

    public HttpClient NewClient(string? token) => LoopbackServer.Client(BaseAddress, token);

    /// <summary>
    /// Starts a node over HTTP; <paramref name="wrap"/> may decorate its link (e.g. to record syncs) and
    /// <paramref name="client"/> replaces the link's own HttpClient (the caller disposes it).
    /// </summary>
    public NodeAgent StartNode(string nodeId, int slots, Func<ICoordinatorLink, ICoordinatorLink>? wrap = null, HttpClient? client = null)
    {
        var link = new HttpCoordinatorLink(new HttpLinkOptions { Coordinator = BaseAddress, Token = LoopbackServer.ClusterToken }, TimeProvider.System, client);
        _links.Add(link);
        var options = new NodeOptions { NodeId = nodeId, Slots = slots, WorkDirectory = Path.Combine(_temp.Directory, "work-" + nodeId) };
        var node = NodeAgent.Start(wrap?.Invoke(link) ?? link, options, [new SimulatedRunner()], TimeProvider.System, NullLoggerFactory.Instance);
        _nodes.Add(node);
        return node;
    }

    public Task WaitAsync(string sweepId) => Host.WaitForSweepAsync(sweepId).WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var link in _links)
        {
            link.Dispose();
        }

        Client.Dispose();
        await Server.DisposeAsync();
        await Host.DisposeAsync();
        await _temp.DisposeAsync();
    }
}
