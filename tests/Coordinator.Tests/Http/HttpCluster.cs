using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Http;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>A coordinator behind a real Kestrel on 127.0.0.1 (free port) over a temp SQLite file, with nodes that use the HTTP link.</summary>
internal sealed class HttpCluster : IAsyncDisposable
{
    public const string ClusterToken = "cluster-secret";
    public const string ClientToken = "client-secret";

    private readonly string _directory;
    private readonly List<NodeAgent> _nodes = [];
    private readonly List<HttpCoordinatorLink> _links = [];

    private HttpCluster(string directory, ISweepStore store, CoordinatorHost host, CoordinatorServer server)
    {
        _directory = directory;
        Store = store;
        Host = host;
        Server = server;
        BaseAddress = new Uri(server.Urls[0]);
        Client = NewClient(ClientToken);
    }

    public ISweepStore Store { get; }

    public CoordinatorHost Host { get; }

    public CoordinatorServer Server { get; }

    public Uri BaseAddress { get; }

    /// <summary>An HTTP client with the client token.</summary>
    public HttpClient Client { get; }

    public static async Task<HttpCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-http-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var store = await SweepStores.OpenAsync("sqlite:" + Path.Combine(directory, "sweep.db"), TimeProvider.System);
        var host = await CoordinatorHost.StartAsync(store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = ClusterToken, ClientToken = ClientToken };
        var server = await CoordinatorServer.StartAsync(host, options, TimeProvider.System, NullLoggerFactory.Instance);
        return new HttpCluster(directory, store, host, server);
    }

    public HttpClient NewClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// Starts a node over HTTP; <paramref name="wrap"/> may decorate its link (e.g. to record syncs) and
    /// <paramref name="client"/> replaces the link's own HttpClient (the caller disposes it).
    /// </summary>
    public NodeAgent StartNode(string nodeId, int slots, Func<ICoordinatorLink, ICoordinatorLink>? wrap = null, HttpClient? client = null)
    {
        var link = new HttpCoordinatorLink(new HttpLinkOptions { Coordinator = BaseAddress, Token = ClusterToken }, TimeProvider.System, client);
        _links.Add(link);
        var options = new NodeOptions { NodeId = nodeId, Slots = slots, WorkDirectory = Path.Combine(_directory, "work-" + nodeId) };
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
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
