using System.Diagnostics;
using System.Globalization;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Orchestrator benchmarks through the in-process cluster (coordinator actors + SQLite journal +
/// node agent + simulated runner):
/// (a) throughput of 10,000 zero-duration trials; (c) wall time of 200 one-second trials on 8 slots
/// against the ideal 25 s.
/// </summary>
internal static class ClusterBenchmarks
{
    public static async Task<int> ThroughputAsync(string[] args)
    {
        var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var slots = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var warmupSeeds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("bench", slots);
        if (warmupSeeds > 0)
        {
            // JIT and tiering happen here, not in the measured sweep.
            var warmup = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(
                name: "warmup", init: $"1..{warmupSeeds}", order: $"1..{warmupSeeds}", steps: 1, evaluations: 1));
            await cluster.WaitAsync(warmup, TimeSpan.FromMinutes(10));
        }

        var yaml = TestSpecs.SimulatedYaml(name: "throughput", init: $"1..{seeds}", order: $"1..{seeds}", steps: 1, evaluations: 1);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var sweepId = await cluster.SubmitAsync(yaml);
        var submitted = clock.Elapsed;
        await cluster.WaitAsync(sweepId, TimeSpan.FromMinutes(10));
        var total = clock.Elapsed;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocatedKb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0;
        var collections = GC.CollectionCount(0) - gcBefore;

        var sweep = await cluster.Store.GetSweepAsync(sweepId);
        var trials = seeds * seeds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {trials} zero-duration trials on {slots} slots: {total.TotalSeconds:F2} s total ({submitted.TotalSeconds:F2} s to submit), {trials / total.TotalSeconds:F0} trials/s; process CPU {cpu:F2} s = {trials / cpu:F0} trials per CPU-second; {allocatedKb / trials:F1} KiB allocated per trial, {collections} GCs; completed {sweep!.Counts[TrialState.Completed]}"));
        return sweep.Counts[TrialState.Completed] == trials ? 0 : 1;
    }

    public static async Task<int> WallTimeAsync(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        const int Slots = 8;
        const int Steps = 100;
        const double StepMs = 10; // 1 s per trial
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("bench", Slots);
        var yaml = TestSpecs.SimulatedYaml(name: "walltime", init: $"1..{trials / 10}", order: "1..10", steps: Steps, evaluations: 10, stepDurationMs: StepMs);

        var clock = Stopwatch.StartNew();
        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.WaitAsync(sweepId, TimeSpan.FromMinutes(10));
        var total = clock.Elapsed.TotalSeconds;
        var ideal = trials / (double)Slots * Steps * StepMs / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"walltime: {trials} one-second trials on {Slots} slots: {total:F2} s vs ideal {ideal:F1} s = {total / ideal:F3}x"));
        return 0;
    }
}
