using System.Globalization;
using System.Reflection;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Training throughput of the built-in engine against PyTorch, side by side in one run (issue 3,
/// "Performance"). For each thread count it starts two child processes — ours
/// (<see cref="TrainThroughputWorker"/>, i.e. <see cref="SweepCluster.Training.Trainer.FineTuner"/>'s step) and
/// <c>train_throughput_torch.py</c> under <c>/usr/bin/python3</c> with <c>OPENBLAS_NUM_THREADS</c> and
/// <c>torch.set_num_threads</c> set to that count — warms both up, then alternates timed windows of full
/// training steps (ours, torch, torch, ours, …) so that both see the same background load. Prints each
/// window, the median tokens/s of each side, their ratio, and each process's peak memory.
/// </summary>
/// <remarks>
/// Usage: <c>train-throughput [--threads 1,2] [--windows 6] [--steps 10] [--warmup 3] [--python PATH] [--no-torch]</c>
/// plus shape options (<c>--vocab --hidden --layers --heads --intermediate --seq --batch</c>, default bert-tiny).
/// Tokens per step are batch × sequence (padding included, the same for both sides).
/// </remarks>
public static class TrainThroughputBenchmark
{
    private const string WorkerFlag = "--worker";
    private const string Script = "train_throughput_torch.py";

    public static int Run(string[] args)
    {
        var shape = TrainThroughputShape.Parse(args);
        var threads = Option(args, "--threads", "1,2").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var warmup = int.Parse(Option(args, "--warmup", "3"), CultureInfo.InvariantCulture);
        if (args.Contains(WorkerFlag))
        {
            return TrainThroughputWorker.Run(shape, threads[0], warmup);
        }

        var windows = int.Parse(Option(args, "--windows", "6"), CultureInfo.InvariantCulture);
        var steps = int.Parse(Option(args, "--steps", "10"), CultureInfo.InvariantCulture);
        var python = Option(args, "--python", "/usr/bin/python3");
        var withTorch = !args.Contains("--no-torch");
        Console.WriteLine($"train-throughput: {shape}; {windows} windows of {steps} steps per side after {warmup} warm-up steps");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        foreach (var n in threads)
        {
            RunThreadCount(shape, n, warmup, windows, steps, withTorch ? python : null);
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    private static void RunThreadCount(TrainThroughputShape shape, int threads, int warmup, int windows, int steps, string? python)
    {
        var environment = new Dictionary<string, string>
        {
            ["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
            ["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
            ["MKL_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
        };
        var common = shape.Arguments.Split(' ').Concat(["--threads", threads.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture)]).ToList();
        var workers = new List<LineWorker>();
        try
        {
            var (self, selfArgs) = SelfCommand();
            workers.Add(LineWorker.Start("ours", self, [.. selfArgs, "train-throughput", WorkerFlag, .. common], environment));
            if (python is not null)
            {
                workers.Add(LineWorker.Start("torch", python, [ScriptPath(), .. common], environment));
            }

            Console.WriteLine($"== {threads} thread(s)");
            var perSecond = workers.ToDictionary(w => w.Name, _ => new List<double>());
            for (var w = 0; w < windows; w++)
            {
                var order = w % 2 == 0 ? workers : Enumerable.Reverse(workers);
                foreach (var worker in order)
                {
                    var (seconds, shortest) = worker.RunWindow(steps);
                    var rate = shape.TokensPerStep * steps / seconds;
                    perSecond[worker.Name].Add(rate);
                    var trimmed = shortest < shape.Seq ? $"  (a batch was trimmed to {shortest} tokens)" : "";
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"   window {w + 1} {worker.Name,-5} {rate,8:F0} tokens/s  {1000 * seconds / steps,7:F1} ms/step{trimmed}"));
                }
            }

            foreach (var worker in workers)
            {
                var median = Median(perSecond[worker.Name]);
                var stats = string.Join(' ', worker.Stats().Select(kv => $"{kv.Key}={kv.Value}"));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"   {worker.Name,-5} median {median,8:F0} tokens/s  {1000.0 * shape.TokensPerStep / median,7:F1} ms/step  {stats}"));
            }

            if (python is not null)
            {
                var ratios = perSecond["ours"].Zip(perSecond["torch"], (o, t) => o / t).ToList();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"   ratio ours/torch: {Median(perSecond["ours"]) / Median(perSecond["torch"]):F2} (of medians); per window {string.Join(' ', ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"));
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    /// <summary>How to start this benchmark program again: the apphost, or <c>dotnet</c> plus the assembly.</summary>
    private static (string FileName, string[] Arguments) SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [Assembly.GetExecutingAssembly().Location])
            : (process, []);
    }

    private static string ScriptPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, Script);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{Script} was not copied next to the benchmark.", path);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
