using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Tests.Leadership;

/// <summary>
/// An <see cref="ElectedCoordinator"/> on a fake election over a temp SQLite store, behind a real
/// Kestrel on loopback. Role changes are recorded as the CLI prints them.
/// </summary>
internal sealed class ElectedCluster : IAsyncDisposable
{
    public const string ClusterToken = "cluster-secret";
    public const string ClientToken = "client-secret";

    private readonly string _directory;
    private readonly List<string> _reports = [];
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ElectedCluster(string directory, ISweepStore store, TimeProvider time, CoordinatorOptions options, LeadershipOptions leadership)
    {
        _directory = directory;
        Store = store;
        Coordinator = new ElectedCoordinator(store, Election, options, leadership, time, NullLoggerFactory.Instance, Report);
    }

    public FakeLeaderElection Election { get; } = new();

    public ISweepStore Store { get; }

    public ElectedCoordinator Coordinator { get; }

    public CoordinatorServer Server { get; private set; } = null!;

    /// <summary>An HTTP client with the client token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>An HTTP client with the cluster (node) token.</summary>
    public HttpClient NodeClient { get; private set; } = null!;

    public static async Task<ElectedCluster> CreateAsync(TimeProvider time, CoordinatorOptions? options = null, LeadershipOptions? leadership = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-elected-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var store = await SweepStores.OpenAsync("sqlite:" + Path.Combine(directory, "sweep.db"), time);
        var cluster = new ElectedCluster(directory, store, time, options ?? new CoordinatorOptions(), leadership ?? new LeadershipOptions());
        var server = new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = ClusterToken, ClientToken = ClientToken };
        cluster.Server = await CoordinatorServer.StartAsync(cluster.Coordinator.Role, store, server, time, NullLoggerFactory.Instance);
        cluster.Client = cluster.NewClient(ClientToken);
        cluster.NodeClient = cluster.NewClient(ClusterToken);
        return cluster;
    }

    /// <summary>Submits a sweep with a coordinator of its own that is gone afterwards (the previous leader).</summary>
    public async Task SubmitEarlierAsync(string yaml)
    {
        await using var previous = await CoordinatorHost.StartAsync(Store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await previous.SubmitAsync(yaml, _directory);
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

    private HttpClient NewClient(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
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
