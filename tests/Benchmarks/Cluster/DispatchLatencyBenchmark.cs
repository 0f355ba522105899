using System.Diagnostics;
using SweepCluster.GpuNode.Runners;
using SweepCluster.TestKit;
using static SweepCluster.Benchmarks.Cluster.BenchMachine;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Dispatch latency over HTTP on loopback: from the registry putting a start command in a node's
/// outbox (the trial's TrialAssigned is journaled) to the node agent reading it from a sync reply.
/// Coordinator (Kestrel) and node agents (<c>HttpCoordinatorLink</c>) share this process and its
/// <see cref="Stopwatch"/>; the simulated runner runs short trials so commands keep coming.
/// Usage: <c>dispatch [trials=1024] [nodes=4] [slots=2] [step-ms=0] [sqlite|postgres]</c>.
/// </summary>
internal static class DispatchLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var trials = Arg(args, 0, 1024);
        var nodes = Arg(args, 1, 4);
        var slots = Arg(args, 2, 2);
        var stepMs = Arg(args, 3, 0.0);
        var backend = Arg(args, 4, "sqlite");
        var seeds = (int)Math.Ceiling(Math.Sqrt(trials));
        var timestamps = new DispatchTimestamps();
        await using var coordinator = await BenchCoordinator.StartAsync(backend, timestamps);
        await using var fleet = NodeFleet.Start(
            coordinator.Url, BenchCoordinator.ClusterToken, nodes, slots, () => new SimulatedRunner(), Path.Combine(coordinator.Directory, "work"), timestamps);
        await coordinator.WaitForNodesAsync(nodes, TimeSpan.FromSeconds(60));
        var yaml = TestSpecs.SimulatedYaml(name: "dispatch", init: $"1..{seeds}", order: $"1..{seeds}", steps: 2, evaluations: 1, stepDurationMs: stepMs);

        var load = LoadAverage();
        var cpu = ProcessCpu();
        var clock = Stopwatch.StartNew();
        var sweepId = await coordinator.Host.SubmitAsync(yaml, coordinator.Directory);
        await coordinator.Host.WaitForSweepAsync(sweepId).WaitAsync(TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        cpu = ProcessCpu() - cpu;

        var latencies = timestamps.StartLatencies();
        var all = latencies.Select(l => l.Ms).Order().ToList();
        var held = latencies.Where(l => l.Held).Select(l => l.Ms).Order().ToList();
        var unheld = latencies.Where(l => !l.Held).Select(l => l.Ms).Order().ToList();
        Console.WriteLine(F($"dispatch: {seeds * seeds} trials ({2 * stepMs} ms each) on {nodes} nodes x {slots} slots over HTTP on loopback, {backend}; load average {load} -> {LoadAverage()}"));
        Console.WriteLine(F($"  {elapsed.TotalSeconds:F1} s wall, {seeds * seeds / elapsed.TotalSeconds:F0} trials/s, process CPU {cpu.TotalSeconds:F1} s (coordinator + nodes)"));
        Console.WriteLine(F($"  start commands delivered: {all.Count}; latency ms p50 {Percentile(all, 50):F2}  p90 {Percentile(all, 90):F2}  p99 {Percentile(all, 99):F2}  max {all.LastOrDefault():F2}"));
        Console.WriteLine(F($"  into a held poll: {held.Count} (p50 {Percentile(held, 50):F2}, p99 {Percentile(held, 99):F2}); none held, picked up by the node's next sync: {unheld.Count} (p50 {Percentile(unheld, 50):F2}, p99 {Percentile(unheld, 99):F2})"));
        Console.WriteLine(F($"  warnings logged: {timestamps.Warnings}"));
        return all.Count >= seeds * seeds ? 0 : 1;
    }
}
