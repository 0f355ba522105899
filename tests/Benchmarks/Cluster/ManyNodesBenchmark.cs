using System.Diagnostics;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;
using static SweepCluster.Benchmarks.Cluster.BenchMachine;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Many simulated nodes against one coordinator over real HTTP: the nodes (default 1,000 × 8 slots)
/// live in a second process, so the coordinator's process CPU time is its own. Measures the idle
/// cost of the nodes' long-polls, then a sweep of short simulated trials: trials/s and coordinator CPU.
/// Usage: <c>many-nodes [nodes=1000] [slots=8] [trials=10000] [steps=10] [step-ms=10] [sqlite|postgres]</c>.
/// </summary>
internal static class ManyNodesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = Arg(args, 0, 1000);
        var slots = Arg(args, 1, 8);
        var trials = Arg(args, 2, 10_000);
        var steps = Arg(args, 3, 10);
        var stepMs = Arg(args, 4, 10.0);
        var backend = Arg(args, 5, "sqlite");
        var seeds = (int)Math.Ceiling(Math.Sqrt(trials));
        await using var coordinator = await BenchCoordinator.StartAsync(backend);
        using var nodeProcess = NodeProcess.Start(coordinator.Url, nodes, slots, "simulated", Path.Combine(coordinator.Directory, "work"));
        var clock = Stopwatch.StartNew();
        await coordinator.WaitForNodesAsync(nodes, TimeSpan.FromMinutes(5));
        Console.WriteLine(F($"many-nodes, {backend}: {nodes} nodes x {slots} slots registered in {clock.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}"));

        // Idle: every node holds a long-poll that the coordinator answers empty after 2 s.
        var idleCpu = ProcessCpu();
        var idleNodeCpu = nodeProcess.Cpu;
        clock.Restart();
        await Task.Delay(TimeSpan.FromSeconds(10));
        Console.WriteLine(F($"  idle {clock.Elapsed.TotalSeconds:F0} s: coordinator CPU {100 * (ProcessCpu() - idleCpu).TotalSeconds / clock.Elapsed.TotalSeconds:F0} % of one core, node process {100 * (nodeProcess.Cpu - idleNodeCpu).TotalSeconds / clock.Elapsed.TotalSeconds:F0} %"));

        var yaml = TestSpecs.SimulatedYaml(name: "many", init: $"1..{seeds}", order: $"1..{seeds}", steps: steps, evaluations: 2, stepDurationMs: stepMs);
        var load = LoadAverage();
        var cpu = ProcessCpu();
        var nodeCpu = nodeProcess.Cpu;
        var timeWait = TcpTimeWait();
        clock.Restart();
        var sweepId = await coordinator.Host.SubmitAsync(yaml, coordinator.Directory);
        await coordinator.Host.WaitForSweepAsync(sweepId).WaitAsync(TimeSpan.FromMinutes(30));
        var elapsed = clock.Elapsed.TotalSeconds;
        cpu = ProcessCpu() - cpu;
        nodeCpu = nodeProcess.Cpu - nodeCpu;

        var count = seeds * seeds;
        var rows = await coordinator.Store.ListTrialsAsync(sweepId);
        var retried = rows.Count(t => t.Attempt > 1);
        var lost = (await coordinator.Store.ReadAsync(Streams.Cluster, 1, long.MaxValue)).Count(e => e.Event is NodeLost);
        var ideal = Math.Ceiling(count / (double)(nodes * slots)) * steps * stepMs / 1000;
        Console.WriteLine(F($"  sweep: {count} trials of {steps} x {stepMs} ms in {elapsed:F1} s = {count / elapsed:F0} trials/s (ideal with {nodes * slots} slots: {ideal:F1} s); load average {load} -> {LoadAverage()}"));
        Console.WriteLine(F($"  coordinator process CPU {cpu.TotalSeconds:F1} s = {1000 * cpu.TotalSeconds / count:F2} ms per trial, {100 * cpu.TotalSeconds / elapsed:F0} % of one core; node process CPU {nodeCpu.TotalSeconds:F1} s"));
        Console.WriteLine(F($"  completed {rows.Count(t => t.State == TrialState.Completed)}, retried attempts {retried}, nodes lost {lost}; TCP TIME_WAIT sockets {timeWait} -> {TcpTimeWait()}"));
        return rows.Count(t => t.State == TrialState.Completed) == count ? 0 : 1;
    }

    /// <summary>Sockets in TIME_WAIT (closed connections), from /proc/net/tcp{,6}: a sign of connection churn.</summary>
    internal static int TcpTimeWait()
    {
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (File.Exists(file))
            {
                count += File.ReadLines(file).Skip(1).Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, "06", ..]);
            }
        }

        return count;
    }
}
