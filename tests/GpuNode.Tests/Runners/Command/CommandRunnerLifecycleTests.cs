using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>Real child processes (stdlib Python) through the command runner: stop, kill, pause, resume, crash, timeout.</summary>
public sealed class CommandRunnerLifecycleTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly CommandHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private string TrialDir(int init = 1, int order = 2) => Path.Combine(_harness.WorkDirectory, "s", $"c0-w{init}-d{order}");

    [Fact]
    public async Task Run_ChildReportsToTheEnd_CompletedWithItsMetricsAndLogs()
    {
        var runner = _harness.PythonRunner(_harness.Script("counter.py", ChildScripts.Counter), ["--total=4"]);
        var reporter = new RecordingReporter();

        var result = await runner.RunAsync(_harness.Context(reporter)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Completed(4 * 7919 % 101 / 101.0, 4), result);
        Assert.Equal(
            [(1L, 0.25, "loss", 1.0), (1L, 0.25, "accuracy", 7919 % 101 / 101.0), (2L, 0.5, "loss", 0.5), (2L, 0.5, "accuracy", 2 * 7919 % 101 / 101.0),
             (3L, 0.75, "loss", 1 / 3.0), (3L, 0.75, "accuracy", 3 * 7919 % 101 / 101.0), (4L, 1.0, "loss", 0.25), (4L, 1.0, "accuracy", 4 * 7919 % 101 / 101.0)],
            reporter.Metrics);
        var stdout = File.ReadAllLines(Path.Combine(TrialDir(), "logs", "attempt-1.stdout.log"));
        Assert.StartsWith("# sweep: launched pid ", stdout[0]);
        Assert.Equal(["step 1", "step 2", "step 3", "step 4"], stdout[1..]);
    }

    [Fact]
    public async Task Stop_ChildHonoursSigterm_StoppedAfterItsHandlerRan()
    {
        var runner = _harness.PythonRunner(_harness.Script("sleeper.py", ChildScripts.Sleeper), ["honour"]);
        var reporter = new RecordingReporter();
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(_harness.Context(reporter, stop: stop.Token));
        await reporter.FirstMetric.WaitAsync(Limit);
        await stop.CancelAsync();

        Assert.Equal(TrialResult.Stopped(0), await run.WaitAsync(Limit));
        Assert.True(File.Exists(Path.Combine(TrialDir(), "term")));
    }

    [Fact]
    public async Task Stop_ChildIgnoresSigterm_GroupKilledAfterGraceWithItsGrandchildren()
    {
        var runner = _harness.Runner($$"""
            { "argv": ["{{RepositoryPaths.Python}}", "{{_harness.Script("sleeper.py", ChildScripts.Sleeper)}}", "ignore", "--grandchildren"],
              "environment": { "PYTHONPATH": "{{RepositoryPaths.Examples}}" }, "stop_grace_seconds": 0.3 }
            """);
        var reporter = new RecordingReporter();
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(_harness.Context(reporter, stop: stop.Token));
        await reporter.FirstMetric.WaitAsync(Limit);
        var child = ProcessProbe.ReadPid(Path.Combine(TrialDir(), "pid-child"));
        var orphan = ProcessProbe.ReadPid(Path.Combine(TrialDir(), "pid-orphan"));
        Assert.False(ProcessProbe.IsGone(child) || ProcessProbe.IsGone(orphan));
        await stop.CancelAsync();

        Assert.Equal(TrialResult.Stopped(0), await run.WaitAsync(Limit));
        Assert.True(File.Exists(Path.Combine(TrialDir(), "term"))); // SIGTERM came first and was ignored
        await Eventually.UntilAsync(() => ProcessProbe.IsGone(child) && ProcessProbe.IsGone(orphan), TimeSpan.FromSeconds(10), "the child and its orphaned grandchild to be gone", ProcessProbe.PollInterval);
    }

    [Fact]
    public async Task Exit_ChildLeavesGrandchildrenBehind_TheyAreKilled()
    {
        var runner = _harness.PythonRunner(_harness.Script("sleeper.py", ChildScripts.Sleeper), ["honour", "--grandchildren", "--exit"]);

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        Assert.Equal(TrialResult.Completed(null, 0), result);
        var child = ProcessProbe.ReadPid(Path.Combine(TrialDir(), "pid-child"));
        var orphan = ProcessProbe.ReadPid(Path.Combine(TrialDir(), "pid-orphan"));
        await Eventually.UntilAsync(() => ProcessProbe.IsGone(child) && ProcessProbe.IsGone(orphan), TimeSpan.FromSeconds(10), "the child and its orphaned grandchild to be gone", ProcessProbe.PollInterval);
    }

    [Fact]
    public async Task PauseThenResume_MetricsEqualAnUninterruptedRun()
    {
        var script = _harness.Script("counter.py", ChildScripts.Counter);
        var runner = _harness.PythonRunner(script, ["--total=30", "--delay={values.delay}", "--resume={resume_from?}"], """, "values": { "delay": { "default": "0" } }""");
        var whole = new RecordingReporter();
        var expected = await runner.RunAsync(_harness.Context(whole, init: 5)).WaitAsync(Limit);

        var first = new RecordingReporter();
        using var pause = new CancellationTokenSource();
        // 0.2 s per step (6 s in all): the pause must land mid-run even on a loaded 2-core CI machine
        // (at 0.05 s per step the child once finished all 30 steps before the pause reached it).
        var run = runner.RunAsync(_harness.Context(first, values: new Dictionary<string, string> { ["delay"] = "0.2" }, pause: pause.Token));
        await first.FirstMetric.WaitAsync(Limit);
        await pause.CancelAsync();
        var paused = await run.WaitAsync(Limit);
        var second = new RecordingReporter();
        var resumed = await runner.RunAsync(_harness.Context(second, attempt: 2, resumeFrom: paused.Checkpoint)).WaitAsync(Limit);

        Assert.Equal(TrialOutcomeKind.Paused, paused.Outcome);
        Assert.InRange(paused.Steps, 1, 29);
        Assert.Equal(Path.Combine(TrialDir(), $"ck-{paused.Steps}.json"), paused.Checkpoint);
        Assert.Equal([(paused.Steps, paused.Steps / 30.0, paused.Checkpoint!)], first.Checkpoints);
        Assert.Equal(expected, resumed);
        Assert.Equal(whole.Metrics, first.Metrics.Concat(second.Metrics));
    }

    [Fact]
    public async Task PauseAtFraction_ChildPausesItself_PausedAtThatFraction()
    {
        var runner = _harness.PythonRunner(_harness.Script("counter.py", ChildScripts.Counter), ["--total=20"]);
        var reporter = new RecordingReporter();

        var result = await runner.RunAsync(_harness.Context(reporter, pauseAt: 0.5)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Paused(10, Path.Combine(TrialDir(), "ck-10.json")), result);
        Assert.Equal(20, reporter.Metrics.Count);
    }

    [Fact]
    public async Task PauseAtFraction_ChildIgnoresTheFraction_NodeSendsSigusr1AfterTheCheckpointPastIt()
    {
        var runner = _harness.PythonRunner(_harness.Script("counter.py", ChildScripts.Counter), ["--total=400", "--delay=0.01", "--checkpoint-every-step"]);
        var reporter = new RecordingReporter();

        var result = await runner.RunAsync(_harness.Context(reporter, pauseAt: 0.05)).WaitAsync(Limit);

        Assert.Equal(TrialOutcomeKind.Paused, result.Outcome);
        Assert.InRange(result.Steps, 20, 399);
        Assert.Equal(Path.Combine(TrialDir(), $"ck-{result.Steps}.json"), result.Checkpoint);
    }

    [Fact]
    public async Task Crash_NonZeroExit_FailedWithExitCodeAndStderrTail()
    {
        var runner = _harness.PythonRunner(_harness.Script("crash.py", ChildScripts.Crash), []);

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        var tail = string.Join('\n', Enumerable.Range(10, 20).Select(i => $"err line {i}"));
        Assert.Equal(TrialResult.Failed(0, "exit code 3; last stderr lines:\n" + tail), result);
        Assert.Equal(30, File.ReadAllLines(Path.Combine(TrialDir(), "logs", "attempt-1.stderr.log")).Length);
    }

    [Fact]
    public async Task Crash_KilledBySignal_FailedNamingTheSignal()
    {
        var runner = _harness.Runner("""{ "argv": ["/bin/sh", "-c", "kill -ABRT $$"] }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, "exit code 134 (killed by SIGABRT)"), result);
    }

    [Fact]
    public async Task Timeout_ChildRunsTooLong_FailedTimedOut()
    {
        var runner = _harness.Runner("""{ "argv": ["/bin/sh", "-c", "echo started >&2; exec sleep 60"], "timeout_seconds": 0.5, "stop_grace_seconds": 5 }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, "timed out after 0.5 s; last stderr lines:\nstarted"), result);
    }

    [Fact]
    public async Task Run_GarbageOnTheProtocolDescriptor_SkippedAndNaNMetricStillArrives()
    {
        var runner = _harness.PythonRunner(_harness.Script("garbage.py", ChildScripts.Garbage), []);
        var reporter = new RecordingReporter();

        var result = await runner.RunAsync(_harness.Context(reporter)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Completed(null, 1), result);
        Assert.Equal([(1L, 1.0, "loss", double.NaN)], reporter.Metrics);
        var skipped = File.ReadAllLines(Path.Combine(TrialDir(), "logs", "attempt-1.protocol.log"));
        Assert.Equal(4, skipped.Length);
        Assert.Equal("fd: line of 100000 bytes exceeds 65536", skipped[2]);
    }

    [Fact]
    public async Task Run_StdoutMarkerFromAShellScriptWithLiteralBraces_Accepted()
    {
        var runner = _harness.Runner("""
            { "argv": ["/bin/sh", "-c", "echo 'plain log'; echo '@@sweep {{\"type\":\"metric\",\"step\":3,\"fraction\":1,\"name\":\"accuracy\",\"value\":0.5}}'"] }
            """);
        var reporter = new RecordingReporter();

        var result = await runner.RunAsync(_harness.Context(reporter)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Completed(0.5, 3), result);
        Assert.Equal([(3L, 1.0, "accuracy", 0.5)], reporter.Metrics);
    }
}
