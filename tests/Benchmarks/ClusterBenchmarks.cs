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
        var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("bench", slots);
        if (warmupSeeds > 0)
        {
            // JIT and tiering happen here, not in the measured sweep.
            var warmup = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(
                name: "warmup", init: $"1..{warmupSeeds}", order: $"1..{warmupSeeds}", steps: 1, evaluations: 1));
            await cluster.WaitAsync(warmup, TimeSpan.FromMinutes(10));
        }

        // Each sweep runs on the same database as the ones before it: the first is measured in a fresh
        // process (tier-0 code, the JIT compiling in the background on one of the two cores); the later
        // ones show the steady state of a long-lived coordinator, and that the cost per trial stays flat
        // as the journal grows.
        var failed = 0;
        var runs = new List<(double Rate, double JitSeconds)>();
        for (var run = 1; run <= repeats; run++)
        {
            var (completed, rate, jitSeconds) = await MeasureSweepAsync(cluster, seeds, slots, repeats > 1 ? $"throughput-{run}" : "throughput");
            failed += completed ? 0 : 1;
            runs.Add((rate, jitSeconds));
        }

        if (repeats > 1)
        {
            // Steady state: the sweeps during which the JIT no longer competes for the cores.
            var steady = runs.Where(r => r.JitSeconds < SteadyJitSeconds).Select(r => r.Rate).Order().ToList();
            var steadyText = steady.Count == 0
                ? "no sweep ran without JIT work yet (add repeats)"
                : string.Create(CultureInfo.InvariantCulture, $"median {steady[steady.Count / 2]:F0} trials/s (min {steady[0]:F0}, max {steady[^1]:F0}) over the {steady.Count} sweeps with < {SteadyJitSeconds} s of JIT");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput summary: first sweep (fresh process) {runs[0].Rate:F0} trials/s; steady state {steadyText}; the last sweep ran on a journal already holding {(repeats - 1) * seeds * seeds} trials"));
        }

        return failed == 0 ? 0 : 1;
    }

    private const double SteadyJitSeconds = 0.1;

    private static async Task<(bool Completed, double TrialsPerSecond, double JitSeconds)> MeasureSweepAsync(InProcessCluster cluster, int seeds, int slots, string name)
    {
        var yaml = TestSpecs.SimulatedYaml(name: name, init: $"1..{seeds}", order: $"1..{seeds}", steps: 1, evaluations: 1);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcBefore = GC.CollectionCount(0);
        var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var sweepId = await cluster.SubmitAsync(yaml);
        var submitted = clock.Elapsed;
        await cluster.WaitAsync(sweepId, TimeSpan.FromMinutes(10));
        var total = clock.Elapsed;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocatedKb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0;
        var collections = GC.CollectionCount(0) - gcBefore;
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
        var jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds;

        var sweep = await cluster.Store.GetSweepAsync(sweepId);
        var trials = seeds * seeds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {trials} zero-duration trials on {slots} slots: {total.TotalSeconds:F2} s total ({submitted.TotalSeconds:F2} s to submit), {trials / total.TotalSeconds:F0} trials/s; process CPU {cpu:F2} s = {trials / cpu:F0} trials per CPU-second; {allocatedKb / trials:F1} KiB allocated per trial, {collections} GCs; JIT compiled {jitMethods} methods in {jitSeconds:F2} s; completed {sweep!.Counts[TrialState.Completed]}"));
        return (sweep.Counts[TrialState.Completed] == trials, trials / total.TotalSeconds, jitSeconds);
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
