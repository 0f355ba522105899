using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// A real coordinator for the cluster benchmarks: <see cref="CoordinatorHost"/> behind Kestrel
/// (<see cref="CoordinatorServer"/>) on a free loopback port, over a temp SQLite file or a database
/// on a throwaway PostgreSQL server (fsync on, <c>synchronous_commit</c> on: the defaults).
/// </summary>
internal sealed class BenchCoordinator : IAsyncDisposable
{
    public const string ClusterToken = "bench-cluster-token";
    public const string ClientToken = "bench-client-token";

    private readonly string _directory;
    private readonly PostgresServer? _postgres;

    private BenchCoordinator(string directory, PostgresServer? postgres, ISweepStore store, CoordinatorHost host, CoordinatorServer server)
    {
        _directory = directory;
        _postgres = postgres;
        Store = store;
        Host = host;
        Server = server;
        Url = new Uri(server.Urls[0]);
    }

    public ISweepStore Store { get; }

    public CoordinatorHost Host { get; }

    public CoordinatorServer Server { get; }

    public Uri Url { get; }

    /// <summary>The directory for the SQLite file and node work directories.</summary>
    public string Directory => _directory;

    /// <param name="backend"><c>sqlite</c> or <c>postgres</c>.</param>
    public static async Task<BenchCoordinator> StartAsync(string backend, ILoggerFactory? logs = null, CoordinatorOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-bench-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        PostgresServer? postgres = null;
        string db;
        switch (backend)
        {
            case "sqlite":
                db = "sqlite:" + Path.Combine(directory, "sweep.db");
                break;
            case "postgres":
                if (PostgresBinaries.SkipReason is { } reason)
                {
                    throw new InvalidOperationException(reason);
                }

                postgres = await PostgresServer.StartAsync(durable: true);
                db = "postgres:" + await postgres.CreateDatabaseAsync();
                break;
            default:
                throw new ArgumentException($"unknown backend '{backend}' (sqlite or postgres)");
        }

        logs ??= NullLoggerFactory.Instance;
        var store = await SweepStores.OpenAsync(db, TimeProvider.System);
        var host = await CoordinatorHost.StartAsync(store, options ?? new CoordinatorOptions(), TimeProvider.System, logs);
        var server = await CoordinatorServer.StartAsync(
            host,
            new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = ClusterToken, ClientToken = ClientToken },
            TimeProvider.System,
            logs);
        return new BenchCoordinator(directory, postgres, store, host, server);
    }

    /// <summary>Waits until <paramref name="count"/> nodes have registered.</summary>
    public async Task WaitForNodesAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await Host.ListNodesAsync()).Count(n => n.Confirmed) < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {(await Host.ListNodesAsync()).Count} of {count} nodes registered within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System); // polls the registry: registration has no completion signal to await
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Host.DisposeAsync();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
