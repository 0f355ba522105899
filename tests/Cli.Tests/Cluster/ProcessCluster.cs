using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// A coordinator and nodes as separate OS processes on loopback with short leases (mirrors
/// deploy/local-cluster.sh). The coordinator keeps its port across restarts.
/// </summary>
internal sealed class ProcessCluster : IDisposable
{
    public const double LeaseSeconds = 1.5;
    public const double HeartbeatSeconds = 0.3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string> _environment = new()
    {
        ["SWEEP_CLUSTER_TOKEN"] = "cluster-" + Guid.NewGuid().ToString("N"),
        ["SWEEP_CLIENT_TOKEN"] = "client-" + Guid.NewGuid().ToString("N"),
    };

    private readonly Dictionary<string, SweepProcess> _nodes = new(StringComparer.Ordinal);
    private readonly List<SweepProcess> _coordinators = [];
    private readonly double _leaseSeconds;
    private readonly Func<string, IReadOnlyList<string>> _launcher;

    /// <param name="leaseSeconds">
    /// Node lease. A restarted coordinator starts the lease of the nodes it remembers before its API
    /// listens, so a restart test needs a lease longer than the process start-up (about 1-2 s here).
    /// </param>
    /// <param name="url">The coordinator's listen URL; default a free loopback port.</param>
    /// <param name="launcher">
    /// The launcher (<see cref="SweepProcess.StartWith"/>) of the coordinator (role "coordinator") and
    /// of each node (its node id), e.g. <c>ip netns exec</c> into its own namespace; default none.
    /// Client commands always run here.
    /// </param>
    public ProcessCluster(double leaseSeconds = LeaseSeconds, string? url = null, Func<string, IReadOnlyList<string>>? launcher = null)
    {
        _leaseSeconds = leaseSeconds;
        _launcher = launcher ?? (_ => []);
        Directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-procs-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Url = url ?? $"http://127.0.0.1:{FreePort()}";
        Client = new HttpClient { BaseAddress = new Uri(Url) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _environment["SWEEP_CLIENT_TOKEN"]);
    }

    public string Directory { get; }

    public string Url { get; }

    public HttpClient Client { get; }

    public SweepProcess? Coordinator { get; private set; }

    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["SWEEP_COORDINATOR"] = Url,
        ["SWEEP_TOKEN"] = _environment["SWEEP_CLIENT_TOKEN"],
    };

    public async Task StartCoordinatorAsync()
    {
        Coordinator?.Dispose();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Coordinator = SweepProcess.StartWith(
            _launcher("coordinator"), Directory, _environment, "coordinator", "--db", "sqlite:" + Path.Combine(Directory, "cluster.db"), "--listen", Url,
            "--lease-seconds", _leaseSeconds.ToString(inv), "--heartbeat-seconds", HeartbeatSeconds.ToString(inv));
        await Coordinator.WaitForLineAsync("listening on", StartTimeout);
    }

    /// <summary>
    /// Another coordinator process on <paramref name="db"/> listening on <paramref name="url"/>, with the
    /// cluster's tokens and timings (e.g. a standby on a shared PostgreSQL database). Not waited for.
    /// </summary>
    public SweepProcess StartCoordinatorProcess(string url, string db, params string[] extra)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var process = SweepProcess.Start(
            Directory, _environment, ["coordinator", "--db", db, "--listen", url,
                "--lease-seconds", _leaseSeconds.ToString(inv), "--heartbeat-seconds", HeartbeatSeconds.ToString(inv), .. extra]);
        _coordinators.Add(process);
        return process;
    }

    /// <summary>A loopback URL on a free port.</summary>
    public static string FreeUrl() => $"http://127.0.0.1:{FreePort()}";

    /// <summary>An API client with the client token for another coordinator.</summary>
    public HttpClient ClientFor(string url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _environment["SWEEP_CLIENT_TOKEN"]);
        return client;
    }

    /// <summary>A node process on the cluster's coordinator; <paramref name="extraArguments"/> are appended.</summary>
    public Task<SweepProcess> StartNodeAsync(string nodeId, int slots, params string[] extraArguments) =>
        StartNodeOnAsync(nodeId, slots, Url, extraArguments);

    /// <param name="coordinators">The node's <c>--coordinator</c> value (one URL or a comma-separated list).</param>
    public async Task<SweepProcess> StartNodeOnAsync(string nodeId, int slots, string coordinators, params string[] extraArguments)
    {
        var node = SweepProcess.StartWith(
            _launcher(nodeId), Directory, _environment,
            [
                "node", "--coordinator", coordinators, "--node-id", nodeId, "--slots", slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--work-dir", Path.Combine(Directory, "work-" + nodeId), "--max-retry-seconds", "0.2", .. extraArguments,
            ]);
        _nodes[nodeId] = node;
        await node.WaitForLineAsync("slots", StartTimeout);
        return node;
    }

    public async Task<string> SubmitAsync(string yaml)
    {
        var path = Path.Combine(Directory, "spec.yaml");
        await File.WriteAllTextAsync(path, yaml);
        using var submit = SweepProcess.Start(Directory, ClientEnvironment, "submit", path);
        Assert.Equal(0, await submit.WaitForExitAsync(StartTimeout));
        return (await submit.WaitForLineAsync("submitted", StartTimeout))["submitted ".Length..];
    }

    /// <summary>Polls the API until the sweep is no longer running (the coordinator may be down for a while meanwhile).</summary>
    public Task<IReadOnlyList<TrialRow>> WaitForSweepAsync(string sweepId, TimeSpan timeout) => WaitForSweepAsync(Client, sweepId, timeout);

    /// <summary>The same through another coordinator's API (<see cref="ClientFor"/>).</summary>
    public static Task<IReadOnlyList<TrialRow>> WaitForSweepAsync(HttpClient client, string sweepId, TimeSpan timeout) => Eventually.ValueAsync(
        async ct =>
        {
            try
            {
                var summary = await client.GetFromJsonAsync("api/v1/sweeps/" + sweepId, ApiJsonContext.Default.SweepSummary, ct);
                if (summary!.Sweep.Status != "running")
                {
                    var page = await client.GetFromJsonAsync($"api/v1/sweeps/{sweepId}/trials", ApiJsonContext.Default.TrialPage, ct);
                    return page!.Items;
                }
            }
            catch (HttpRequestException)
            {
                // Down for a restart.
            }

            return null;
        },
        timeout,
        $"sweep {sweepId} to end",
        TimeSpan.FromMilliseconds(100));

    /// <summary>Polls until a trial of the sweep satisfies <paramref name="predicate"/>.</summary>
    public Task<TrialRow> WaitForTrialAsync(string sweepId, Func<TrialRow, bool> predicate, TimeSpan timeout) =>
        WaitForTrialAsync(Client, sweepId, predicate, timeout);

    /// <summary>The same through another coordinator's API.</summary>
    public static Task<TrialRow> WaitForTrialAsync(HttpClient client, string sweepId, Func<TrialRow, bool> predicate, TimeSpan timeout) => Eventually.ValueAsync(
        async ct => (await client.GetFromJsonAsync($"api/v1/sweeps/{sweepId}/trials", ApiJsonContext.Default.TrialPage, ct))!.Items.FirstOrDefault(predicate),
        timeout,
        $"a trial of sweep {sweepId} in the awaited state",
        TimeSpan.FromMilliseconds(50));

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }

        Coordinator?.Dispose();
        foreach (var coordinator in _coordinators)
        {
            coordinator.Dispose();
        }

        Client.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left behind: harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
