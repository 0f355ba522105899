using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using SweepCluster.TestKit.Postgres;
using static SweepCluster.Benchmarks.Cluster.BenchMachine;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Is the per-trial cost flat in the size of the store? One sweep grows to each size in turn
/// (default 1k, 10k, 100k trials, every one with its full event history); at each size the last
/// <c>probe</c> trials are appended the way a sweep actor appends them (5 appends per trial:
/// assigned, started, two evaluations of two metrics, finished) and timed, then the client API
/// routes are timed over real HTTP (a coordinator on the same store; the sweep is written behind its
/// back, so it is served from the query tables as an inactive sweep is).
/// Usage: <c>store-scale [sizes=1000,10000,100000] [probe=500] [sqlite|postgres|both]</c>.
/// </summary>
internal static class StoreScaleBenchmark
{
    private const string Sweep = "big";

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Arg(args, 0, "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var probe = Arg(args, 1, 500);
        var backends = Arg(args, 2, "both") == "both" ? new[] { "sqlite", "postgres" } : [args[2]];
        foreach (var backend in backends)
        {
            await RunOneAsync(backend, sizes, probe);
        }

        return 0;
    }

    private static async Task RunOneAsync(string backend, int[] sizes, int probe)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-scale-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        await using var postgres = backend == "postgres" ? await PostgresServer.StartAsync(durable: true) : null;
        var db = postgres is null ? "sqlite:" + Path.Combine(directory, "sweep.db") : "postgres:" + await postgres.CreateDatabaseAsync();
        await using var store = await SweepStores.OpenAsync(db, TimeProvider.System);
        await using var host = await CoordinatorHost.StartAsync(store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await using var server = await CoordinatorServer.StartAsync(
            host,
            new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = BenchCoordinator.ClusterToken, ClientToken = BenchCoordinator.ClientToken },
            TimeProvider.System,
            NullLoggerFactory.Instance);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", BenchCoordinator.ClientToken);

        var total = sizes.Max();
        await store.AppendAsync(Sweep, [new SweepSubmitted(Sweep, Sweep, TestSpecs.SimulatedYaml(name: Sweep), directory, total)], Now());
        Console.WriteLine(F($"store-scale, {backend}: one sweep grown to {string.Join(", ", sizes)} trials (8 events each); {probe} probe trials timed at each size; load average {LoadAverage()}"));
        Console.WriteLine("  trials | append+projection per trial: wall µs, process CPU µs | API ms (median of 7): summary, trials page (100), last page, one trial, sweeps list | whole-sweep ListTrialsAsync ms (what the page and one-trial routes did before migration 2) | load");
        var stored = 0;
        foreach (var size in sizes)
        {
            var fill = Stopwatch.StartNew();
            const int WarmUp = 100;
            await FillAsync(store, stored, size - probe - WarmUp);
            var filled = fill.Elapsed;
            await ProbeAsync(store, size - probe - WarmUp, size - probe); // untimed: JIT and caches
            var (wall, cpu) = await ProbeAsync(store, size - probe, size);
            stored = size;
            var summary = await TimeGetAsync(client, $"api/v1/sweeps/{Sweep}");
            var page = await TimeGetAsync(client, $"api/v1/sweeps/{Sweep}/trials?limit=100");
            var last = await TimeGetAsync(client, F($"api/v1/sweeps/{Sweep}/trials?state=Completed&offset={size - 100}&limit=100"));
            var one = await TimeGetAsync(client, $"api/v1/trials?id={Uri.EscapeDataString(TrialId(size / 2))}");
            var list = await TimeGetAsync(client, "api/v1/sweeps");
            var whole = await TimeAsync(() => store.ListTrialsAsync(Sweep));
            Console.WriteLine(F($"  {size,7:N0} | {wall,7:F0} {cpu,7:F0} | {summary,7:F2} {page,7:F2} {last,7:F2} {one,7:F2} {list,7:F2} | {whole,7:F2} | {LoadAverage()} (filled in {filled.TotalSeconds:F1} s)"));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static string TrialId(int index) => F($"{Sweep}/c0-w{index / 1000}-d{index % 1000}");

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static TrialQueued Queued(int i) => new(TrialId(i), 0, i / 1000, i % 1000, 1, null, 0);

    /// <summary>The events of trial <paramref name="i"/> after it was queued, in the appends a sweep actor makes.</summary>
    private static SweepEvent[][] Lifecycle(int i)
    {
        var id = TrialId(i);
        return
        [
            [new TrialAssigned(id, 1, "node-1", i % 8)],
            [new TrialStarted(id, 1)],
            [new MetricReported(id, 1, 1, 0.5, "loss", 0.7), new MetricReported(id, 1, 1, 0.5, "accuracy", 0.6)],
            [new MetricReported(id, 1, 2, 1.0, "loss", 0.4), new MetricReported(id, 1, 2, 1.0, "accuracy", 0.8)],
            [new TrialFinished(id, 1, TrialState.Completed, 0.8, 2, null)],
        ];
    }

    /// <summary>Trials [from, to) with their whole history, in big batches (not timed).</summary>
    private static async Task FillAsync(ISweepStore store, int from, int to)
    {
        for (var start = from; start < to; start += 1000)
        {
            var end = Math.Min(to, start + 1000);
            await store.AppendAsync(Sweep, [.. Enumerable.Range(start, end - start).Select(Queued)], Now());
            for (var chunk = start; chunk < end; chunk += 100)
            {
                await store.AppendAsync(Sweep, [.. Enumerable.Range(chunk, Math.Min(100, end - chunk)).SelectMany(i => Lifecycle(i).SelectMany(a => a))], Now());
            }
        }
    }

    /// <summary>Queues trials [from, to) at once, then appends each one's history as the actor would; µs per trial.</summary>
    private static async Task<(double Wall, double Cpu)> ProbeAsync(ISweepStore store, int from, int to)
    {
        await store.AppendAsync(Sweep, [.. Enumerable.Range(from, to - from).Select(Queued)], Now());
        var cpu = ProcessCpu();
        var clock = Stopwatch.StartNew();
        for (var i = from; i < to; i++)
        {
            foreach (var append in Lifecycle(i))
            {
                await store.AppendAsync(Sweep, append, Now());
            }
        }

        var n = to - from;
        return (clock.Elapsed.TotalMicroseconds / n, (ProcessCpu() - cpu).TotalMicroseconds / n);
    }

    /// <summary>Median wall time of 3 calls after one warm-up, in ms.</summary>
    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var times = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Median wall time of 7 GETs after one warm-up, in ms.</summary>
    private static async Task<double> TimeGetAsync(HttpClient client, string path)
    {
        var times = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }

            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
