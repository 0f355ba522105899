using Microsoft.Extensions.Logging;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Http;
using SweepCluster.GpuNode.Runners;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Node agents in this process, each with its own <see cref="HttpCoordinatorLink"/> (own
/// <see cref="HttpClient"/>, one shared connection pool) to a coordinator: what <c>sweep node</c>
/// runs, times N.
/// </summary>
internal sealed class NodeFleet : IAsyncDisposable
{
    private readonly SocketsHttpHandler _handler = new() { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
    private readonly List<NodeAgent> _agents = [];
    private readonly List<HttpCoordinatorLink> _links = [];

    public int Count => _agents.Count;

    public static NodeFleet Start(
        Uri coordinator, string token, int nodes, int slots, Func<ITrialRunner> runner, string workDirectory, ILoggerFactory logs)
    {
        var fleet = new NodeFleet();
        for (var i = 0; i < nodes; i++)
        {
            var link = new HttpCoordinatorLink(
                new HttpLinkOptions { Coordinator = coordinator, Token = token },
                TimeProvider.System,
                new HttpClient(fleet._handler, disposeHandler: false));
            fleet._links.Add(link);
            var nodeId = $"node-{i:D4}";
            var options = new NodeOptions { NodeId = nodeId, Slots = slots, WorkDirectory = Path.Combine(workDirectory, nodeId) };
            fleet._agents.Add(NodeAgent.Start(link, options, [runner()], TimeProvider.System, logs));
        }

        return fleet;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_agents.Select(a => a.DisposeAsync().AsTask()));
        foreach (var link in _links)
        {
            link.Dispose();
        }

        _handler.Dispose();
    }
}
