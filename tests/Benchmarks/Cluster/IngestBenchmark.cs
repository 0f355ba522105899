using System.Diagnostics;
using SweepCluster.TestKit;
using static SweepCluster.Benchmarks.Cluster.BenchMachine;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Sustained node events ingested per second through the real HTTP sync route: node agents in a
/// second process run <see cref="FloodRunner"/> (every trial reports N metrics at once, far faster
/// than they can be delivered), so the rate is what the coordinator accepts — each batch parsed,
/// applied by its sweep actor and journaled with its query-table rows before it is acknowledged.
/// Usage: <c>ingest [metrics-per-trial=10000] [trials=16] [nodes=4] [slots=2] [sqlite|postgres|both]</c>.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var metrics = Arg(args, 0, 10_000);
        var trials = Arg(args, 1, 16);
        var nodes = Arg(args, 2, 4);
        var slots = Arg(args, 3, 2);
        var backends = Arg(args, 4, "both") == "both" ? new[] { "sqlite", "postgres" } : [args[4]];
        var failed = 0;
        foreach (var backend in backends)
        {
            failed += await RunOneAsync(backend, metrics, trials, nodes, slots);
        }

        return failed;
    }

    private static async Task<int> RunOneAsync(string backend, int metrics, int trials, int nodes, int slots)
    {
        await using var coordinator = await BenchCoordinator.StartAsync(backend);
        using var nodeProcess = NodeProcess.Start(coordinator.Url, nodes, slots, $"flood:{metrics}", Path.Combine(coordinator.Directory, "work"));
        await coordinator.WaitForNodesAsync(nodes, TimeSpan.FromSeconds(60));
        var orders = Math.Max(1, trials / 4);
        var yaml = TestSpecs.SimulatedYaml(name: "ingest", init: "1..4", order: $"1..{orders}");

        var load = LoadAverage();
        var cpu = ProcessCpu();
        var nodeCpu = nodeProcess.Cpu;
        var clock = Stopwatch.StartNew();
        var sweepId = await coordinator.Host.SubmitAsync(yaml, coordinator.Directory);
        await coordinator.Host.WaitForSweepAsync(sweepId).WaitAsync(TimeSpan.FromMinutes(30));
        var elapsed = clock.Elapsed.TotalSeconds;
        cpu = ProcessCpu() - cpu;
        nodeCpu = nodeProcess.Cpu - nodeCpu;

        var count = 4 * orders;
        var events = (long)count * metrics;
        var first = (await coordinator.Store.ListTrialsAsync(sweepId))[0];
        var stored = (await coordinator.Store.ListMetricsAsync(first.TrialId)).Count;
        Console.WriteLine(F($"ingest, {backend}: {count} trials x {metrics:N0} metric events from {nodes} nodes x {slots} slots (second process); load average {load} -> {LoadAverage()}"));
        Console.WriteLine(F($"  {events:N0} events in {elapsed:F1} s = {events / elapsed:N0} events/s wall; coordinator process CPU {cpu.TotalSeconds:F1} s ({events / cpu.TotalSeconds:N0} events per coordinator CPU second, {100 * cpu.TotalSeconds / elapsed:F0} % of one core); node process CPU {nodeCpu.TotalSeconds:F1} s"));
        Console.WriteLine(F($"  check: first trial has {stored:N0} stored metrics (expected {metrics:N0})"));
        return stored == metrics ? 0 : 1;
    }
}
