using System.Diagnostics;
using System.Globalization;
using System.Text;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Command;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Overhead of the command runner (docs/command-runner.md, "Performance"):
/// (a) spawn → first metric: a child that reports one metric and exits, through setsid, the protocol
/// pipe and the session, for /bin/sh (stdout marker) and for Python with the helper;
/// (b) metric lines parsed per second, in process (splitter + parser + session) and end to end
/// through the pipe from a child writing pre-encoded lines as fast as it can.
/// </summary>
internal static class CommandRunnerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var launches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var lines = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500_000;
        var directory = Path.Combine(Path.GetTempPath(), "sweepcluster-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var examples = FindExamples();
            var helperScript = Path.Combine(directory, "one.py");
            await File.WriteAllTextAsync(helperScript, "import sweep_protocol as s\ns.metric(1, 1.0, 'accuracy', 0.5)\n");
            var flood = Path.Combine(directory, "flood.py");
            await File.WriteAllTextAsync(flood, $$"""
                import os
                line = b'{"type":"metric","step":1,"fraction":0.5,"name":"accuracy","value":0.8125}\n'
                fd = int(os.environ["SWEEP_PROTOCOL_FD"])
                block = line * 1000
                for _ in range({{lines / 1000}}):
                    os.write(fd, block)
                """);
            var templates = $$$"""
                { "templates": {
                    "sh": { "argv": ["/bin/sh", "-c", "echo '@@sweep {{\"type\":\"metric\",\"step\":1,\"fraction\":1,\"name\":\"accuracy\",\"value\":0.5}}'"] },
                    "py": { "argv": ["{{{python}}}", "{{{helperScript}}}"], "environment": { "PYTHONPATH": "{{{examples}}}" } },
                    "flood": { "argv": ["{{{python}}}", "{{{flood}}}"] } } }
                """;
            var node = new NodeOptions { WorkDirectory = Path.Combine(directory, "work") };
            var runners = CommandRunnerFactory.Parse(templates, "bench", directory, node).ToDictionary(r => r.Kind);

            foreach (var kind in new[] { "command:sh", "command:py" })
            {
                var samples = new List<double>();
                for (var i = 0; i < launches; i++)
                {
                    var reporter = new TimingReporter();
                    var clock = Stopwatch.StartNew();
                    var run = runners[kind].RunAsync(Context(node, reporter, i));
                    await reporter.First.Task;
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                    await run;
                }

                samples.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"command: spawn -> first metric, {kind[8..]} child, {launches} launches: median {samples[samples.Count / 2]:F1} ms, p90 {samples[(int)(samples.Count * 0.9)]:F1} ms, min {samples[0]:F1} ms"));
            }

            var counting = new TimingReporter();
            var total = Stopwatch.StartNew();
            await runners["command:flood"].RunAsync(Context(node, counting, 999));
            var seconds = total.Elapsed.TotalSeconds;
            var span = (counting.LastTicks - counting.FirstTicks) / (double)Stopwatch.Frequency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"command: {counting.Count} metric lines through the pipe from a child: {counting.Count / span:F0} lines/s between first and last ({seconds:F2} s for the whole launch)"));
            ParseInProcess(directory, lines); // last, so that tiered compilation has optimized the parsing path
            return counting.Count == lines ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void ParseInProcess(string directory, int lines)
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"metric","step":1,"fraction":0.5,"name":"accuracy","value":0.8125}""" + "\n");
        var block = new byte[line.Length * 1000];
        for (var i = 0; i < 1000; i++)
        {
            line.CopyTo(block, i * line.Length);
        }

        var trialDirectory = Path.Combine(directory, "work", "inproc");
        var splitter = new LineSplitter(ProtocolParser.MaxLineBytes);
        TimingReporter reporter = null!;
        var clock = new Stopwatch();
        foreach (var pass in new[] { lines / 10, lines })
        {
            // The first pass warms up the JIT; the second is measured.
            reporter = new TimingReporter();
            var session = new ProtocolSession(Context(new NodeOptions { WorkDirectory = Path.Combine(directory, "work") }, reporter, 0), trialDirectory, _ => { });
            var sink = session.PipeSink;
            clock.Restart();
            for (var i = 0; i < pass / 1000; i++)
            {
                splitter.Push(block, sink);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"command: {reporter.Count} metric lines parsed in process (splitter + parser + session): {reporter.Count / seconds:F0} lines/s, {line.Length * (double)reporter.Count / seconds / 1e6:F1} MB/s"));
    }

    private static TrialContext Context(NodeOptions node, ITrialReporter reporter, int order)
    {
        var spec = TestSpecs.Simulated(name: "bench");
        var key = new TrialKey("bench", 0, 1, order);
        return new TrialContext(key, 1, spec, spec.Training, Path.Combine(node.WorkDirectory, "bench", $"c0-w1-d{order}"),
            null, null, reporter, TimeProvider.System, 1, CancellationToken.None, CancellationToken.None);
    }

    private static string FindExamples()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "examples", "sweep_protocol.py")))
            {
                return Path.Combine(dir, "examples");
            }
        }

        throw new InvalidOperationException("examples/sweep_protocol.py not found");
    }

    private sealed class TimingReporter : ITrialReporter
    {
        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; private set; }

        public long FirstTicks { get; private set; }

        public long LastTicks { get; private set; }

        public void Progress(long step, long totalSteps)
        {
        }

        public void Metric(long step, double fraction, string name, double value)
        {
            LastTicks = Stopwatch.GetTimestamp();
            if (Count++ == 0)
            {
                FirstTicks = LastTicks;
                First.TrySetResult();
            }
        }

        public void Checkpoint(long step, double fraction, string path)
        {
        }
    }
}
