using System.Diagnostics;
using System.Globalization;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Journal appends per second on a temp SQLite file: one MetricReported per append, then batches of
/// 100. Usage: <c>journal [events=20000]</c>.
/// </summary>
public static class JournalAppendBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var path = Path.Combine(Path.GetTempPath(), $"sweepcluster-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var store = await SqliteSweepStore.OpenAsync(path, TimeProvider.System);
            Console.WriteLine($"journal appends, SQLite WAL synchronous=NORMAL, {events:N0} MetricReported per case, {path}");
            foreach (var batchSize in new[] { 1, 10, 100 })
            {
                var (elapsed, cpu) = await TimeAppendsAsync(store, $"bench-{batchSize}", events, batchSize);
                Console.WriteLine(
                    $"  batch {batchSize,3}: {events / elapsed.TotalSeconds,10:N0} events/s wall, {events / cpu.TotalSeconds,10:N0} events/s of process CPU " +
                    $"({events / batchSize:N0} appends in {elapsed.TotalMilliseconds:N0} ms)");
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    // Process CPU time is reported beside wall time because the benchmark machines are shared.
    internal static async Task<(TimeSpan Wall, TimeSpan Cpu)> TimeAppendsAsync(ISweepStore store, string stream, int events, int batchSize)
    {
        var batches = Enumerable.Range(0, events / batchSize)
            .Select(b => (IReadOnlyList<SweepEvent>)Enumerable.Range(b * batchSize, batchSize)
                .Select(step => new MetricReported($"{stream}/c0-w1-d1", 1, step, step / (double)events, "loss", 1.0 / (step + 1)))
                .ToArray())
            .ToList();
        var at = TimeProvider.System.GetUtcNow();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.AppendAsync(stream, batch, at);
        }

        var wall = clock.Elapsed;
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpuBefore);
    }
}
