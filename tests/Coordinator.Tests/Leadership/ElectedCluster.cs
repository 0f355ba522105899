using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.Coordinator.Tests.Http;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Leadership;

/// <summary>
/// An <see cref="ElectedCoordinator"/> on a fake election over a temp SQLite store, behind a real
/// Kestrel on loopback. Role changes are recorded as the CLI prints them.
/// </summary>
internal sealed class ElectedCluster : IAsyncDisposable
{
    private readonly TempSweepStore _temp;
    private readonly List<string> _reports = [];
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ElectedCluster(TempSweepStore temp, TimeProvider time, CoordinatorOptions options, LeadershipOptions leadership)
    {
        _temp = temp;
        Coordinator = new ElectedCoordinator(temp.Store, Election, options, leadership, time, NullLoggerFactory.Instance, Report);
    }

    public FakeLeaderElection Election { get; } = new();

    public ISweepStore Store => _temp.Store;

    public ElectedCoordinator Coordinator { get; }

    public CoordinatorServer Server { get; private set; } = null!;

    /// <summary>An HTTP client with the client token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>An HTTP client with the cluster (node) token.</summary>
    public HttpClient NodeClient { get; private set; } = null!;

    public static async Task<ElectedCluster> CreateAsync(TimeProvider time, CoordinatorOptions? options = null, LeadershipOptions? leadership = null)
    {
        var temp = await TempSweepStore.OpenAsync("elected", time);
        var cluster = new ElectedCluster(temp, time, options ?? new CoordinatorOptions(), leadership ?? new LeadershipOptions());
        cluster.Server = await CoordinatorServer.StartAsync(cluster.Coordinator.Role, temp.Store, LoopbackServer.Options(), time, NullLoggerFactory.Instance);
        var url = new Uri(cluster.Server.Urls[0]);
        cluster.Client = LoopbackServer.Client(url, LoopbackServer.ClientToken);
        cluster.NodeClient = LoopbackServer.Client(url, LoopbackServer.ClusterToken);
        return cluster;
    }

    /// <summary>Submits a sweep with a coordinator of its own that is gone afterwards (the previous leader).</summary>
    public async Task SubmitEarlierAsync(string yaml)
    {
        await using var previous = await CoordinatorHost.StartAsync(Store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await previous.SubmitAsync(yaml, _temp.Directory);
    }

    /// <summary>Waits (up to 30 s) until the coordinator reports <paramref name="line"/>.</summary>
    public async Task WaitForReportAsync(string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_reports)
            {
                if (_reports.Contains(line))
                {
                    return;
                }

                next = _reported.Task;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    public IReadOnlyList<string> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        NodeClient.Dispose();
        await Server.DisposeAsync();
        await Coordinator.DisposeAsync();
        await _temp.DisposeAsync();
    }

    private void Report(string line)
    {
        TaskCompletionSource signal;
        lock (_reports)
        {
            _reports.Add(line);
            signal = _reported;
            _reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }
}
