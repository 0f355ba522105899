using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;

namespace SweepCluster.TestKit;

/// <summary>
/// A whole cluster in one process: a coordinator over a SQLite file in a temp folder and any number
/// of nodes on in-memory links. The coordinator can be killed (disposed without draining anything)
/// and restarted on the same file; nodes can be started, stopped gracefully or killed.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly SwitchableLink _link = new();
    private readonly Dictionary<string, NodeAgent> _nodes = new(StringComparer.Ordinal);
    private readonly CoordinatorOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private ISweepStore? _store;
    private CoordinatorHost? _coordinator;

    private InProcessCluster(string directory, CoordinatorOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Directory = directory;
        _options = options;
        Time = time;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The temp folder holding the database and the nodes' work directories.</summary>
    public string Directory { get; }

    /// <summary>The link every node talks to the coordinator through (it counts their syncs).</summary>
    public SwitchableLink Link => _link;

    /// <summary>The SQLite file.</summary>
    public string DatabasePath => Path.Combine(Directory, "sweep.db");

    /// <summary>The clock every part of the cluster uses.</summary>
    public TimeProvider Time { get; }

    /// <summary>The running coordinator.</summary>
    public CoordinatorHost Coordinator => _coordinator ?? throw new InvalidOperationException("the coordinator is down");

    /// <summary>When set, wraps the store each time the coordinator starts (fault injection).</summary>
    public Func<ISweepStore, ISweepStore>? WrapStore { get; set; }

    /// <summary>
    /// When true, nodes started from now on keep their events on disk (<see cref="NodeOptions.OutboxDirectory"/>
    /// = <c>work/outbox</c>), as <c>sweep node</c> does, so a killed node restarted under the same id
    /// redelivers the ends of its trials.
    /// </summary>
    public bool DurableOutboxes { get; set; }

    /// <summary>The coordinator's store.</summary>
    public ISweepStore Store => _store ?? throw new InvalidOperationException("the coordinator is down");

    /// <summary>Starts a cluster with a coordinator and no nodes.</summary>
    public static async Task<InProcessCluster> StartAsync(CoordinatorOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var cluster = new InProcessCluster(directory, options ?? new CoordinatorOptions(), time ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        await cluster.StartCoordinatorAsync();
        return cluster;
    }

    /// <summary>Starts the coordinator on the cluster's database (recovering what it holds).</summary>
    public async Task StartCoordinatorAsync()
    {
        ISweepStore store = await SqliteSweepStore.OpenAsync(DatabasePath, Time);
        _store = WrapStore is null ? store : WrapStore(store);
        _coordinator = await CoordinatorHost.StartAsync(_store, _options, Time, _loggerFactory);
        _link.Target = _coordinator.Link;
    }

    /// <summary>Kills the coordinator: nodes lose their link at once, actors are torn down mid-flight.</summary>
    public async Task KillCoordinatorAsync()
    {
        _link.Target = null;
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
            _coordinator = null;
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    /// <summary>Starts a node with the given runners (default: the simulated runner).</summary>
    public NodeAgent StartNode(string nodeId, int slots, params ITrialRunner[] runners)
    {
        var work = Path.Combine(Directory, "work");
        var options = new NodeOptions
        {
            NodeId = nodeId, Slots = slots, WorkDirectory = work, OutboxDirectory = DurableOutboxes ? Path.Combine(work, "outbox") : null,
        };
        var node = NodeAgent.Start(_link, options, runners.Length > 0 ? runners : [new SimulatedRunner()], Time, _loggerFactory);
        _nodes.Add(nodeId, node);
        return node;
    }

    /// <summary>Kills a node: its runners are abandoned and its unsent events are lost.</summary>
    public async Task KillNodeAsync(string nodeId)
    {
        if (_nodes.Remove(nodeId, out var node))
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Stops a node gracefully (pausing its trials) and removes it.</summary>
    public async Task StopNodeAsync(string nodeId, bool pause = true)
    {
        if (_nodes.Remove(nodeId, out var node))
        {
            await node.StopAsync(pause, TimeSpan.FromSeconds(10));
            await node.DisposeAsync();
        }
    }

    /// <summary>Submits a spec (YAML) and returns the sweep id.</summary>
    public Task<string> SubmitAsync(string yaml) => Coordinator.SubmitAsync(yaml, Directory);

    /// <summary>Waits for a sweep to finish, failing the test after <paramref name="timeout"/> (default 60 s).</summary>
    public Task WaitAsync(string sweepId, TimeSpan? timeout = null) =>
        Coordinator.WaitForSweepAsync(sweepId).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
        await KillCoordinatorAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow runner thread: the temp folder is cleaned up by the OS.
        }
    }
}
