using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners;

public sealed class SimulatedRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private TrialContext Context(
        ExperimentSpec spec, int init, int order, RecordingReporter reporter, string? resumeFrom = null, double? pauseAt = null,
        CancellationToken stop = default, CancellationToken pause = default) =>
        new(new TrialKey(spec.Name, 0, init, order), 1, spec, spec.Training, Path.Combine(_dir, $"w{init}-d{order}"), resumeFrom, pauseAt,
            reporter, TimeProvider.System, 1, stop, pause);

    [Fact]
    public async Task RunAsync_SameSeedsTwice_ReportsIdenticalMetrics()
    {
        var spec = TestSpecs.Simulated(steps: 20, evaluations: 4);
        var first = new RecordingReporter();
        var second = new RecordingReporter();

        var a = await new SimulatedRunner().RunAsync(Context(spec, 3, 4, first));
        var b = await new SimulatedRunner().RunAsync(Context(spec, 3, 4, second));

        Assert.Equal(TrialOutcomeKind.Completed, a.Outcome);
        Assert.Equal(a, b);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal([0L, 5, 5, 10, 10, 15, 15, 20, 20], first.Metrics.Select(m => m.Step));
        Assert.Equal(("baseline_accuracy", 0.5), (first.Metrics[0].Name, first.Metrics[0].Value));
        Assert.Equal(first.Metrics[^1].Value, a.FinalMetric);
    }

    [Fact]
    public async Task RunAsync_DifferentSeeds_GiveDifferentFinalScores()
    {
        var spec = TestSpecs.Simulated(steps: 10, evaluations: 2);
        var scores = new HashSet<double?>();
        foreach (var (wi, d) in new[] { (1, 1), (1, 2), (2, 1), (2, 2) })
        {
            scores.Add((await new SimulatedRunner().RunAsync(Context(spec, wi, d, new RecordingReporter()))).FinalMetric);
        }

        Assert.Equal(4, scores.Count);
    }

    [Fact]
    public async Task RunAsync_PausedAtFractionThenResumed_MatchesUninterruptedRun()
    {
        var spec = TestSpecs.Simulated(steps: 20, evaluations: 4);
        var whole = new RecordingReporter();
        var uninterrupted = await new SimulatedRunner().RunAsync(Context(spec, 5, 6, whole));

        var before = new RecordingReporter();
        var paused = await new SimulatedRunner().RunAsync(Context(spec, 5, 6, before, pauseAt: 0.5));
        var after = new RecordingReporter();
        var resumed = await new SimulatedRunner().RunAsync(Context(spec, 5, 6, after, resumeFrom: paused.Checkpoint));

        Assert.Equal((TrialOutcomeKind.Paused, 10L), (paused.Outcome, paused.Steps));
        Assert.True(File.Exists(paused.Checkpoint));
        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(whole.Metrics, before.Metrics.Concat(after.Metrics));
    }

    [Fact]
    public async Task RunAsync_PauseRequested_ReturnsPausedWithResumableCheckpoint()
    {
        var spec = TestSpecs.Simulated(steps: 10, evaluations: 2);
        using var pause = new CancellationTokenSource();
        await pause.CancelAsync();

        var result = await new SimulatedRunner().RunAsync(Context(spec, 1, 1, new RecordingReporter(), pause: pause.Token));

        Assert.Equal((TrialOutcomeKind.Paused, 0L), (result.Outcome, result.Steps));
        var resumed = await new SimulatedRunner().RunAsync(Context(spec, 1, 1, new RecordingReporter(), resumeFrom: result.Checkpoint));
        Assert.Equal(TrialOutcomeKind.Completed, resumed.Outcome);
    }

    [Fact]
    public async Task RunAsync_StopRequested_ReturnsStopped()
    {
        var spec = TestSpecs.Simulated(steps: 10, evaluations: 2);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var result = await new SimulatedRunner().RunAsync(Context(spec, 1, 1, new RecordingReporter(), stop: stop.Token));

        Assert.Equal(TrialResult.Stopped(0), result);
    }

    [Fact]
    public async Task RunAsync_AllDiverge_ReportsNaNLossAndReturnsDiverged()
    {
        var spec = TestSpecs.Simulated(steps: 9, evaluations: 3, divergeShare: 1);
        var reporter = new RecordingReporter();

        var result = await new SimulatedRunner().RunAsync(Context(spec, 1, 1, reporter));

        Assert.Equal(TrialResult.Diverged(3, "non-finite loss at step 3"), result);
        Assert.True(double.IsNaN(reporter.Metrics[^1].Value));
        Assert.Equal("loss", reporter.Metrics[^1].Name);
    }

    [Fact]
    public async Task RunAsync_AllFail_Throws()
    {
        var spec = TestSpecs.Simulated(steps: 10, evaluations: 2, failShare: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SimulatedRunner().RunAsync(Context(spec, 1, 1, new RecordingReporter())));

        Assert.Equal("simulated failure at step 5", error.Message);
    }

    [Theory]
    [InlineData(10, 5, new long[] { 2, 4, 6, 8, 10 })]
    [InlineData(10, 3, new long[] { 4, 7, 10 })]
    [InlineData(3, 3, new long[] { 1, 2, 3 })]
    public void IsEvaluation_SplitsTrainingIntoEqualParts(long total, int evaluations, long[] expected)
    {
        var steps = Enumerable.Range(1, (int)total).Select(s => (long)s).Where(s => SimulatedRunner.IsEvaluation(s, total, evaluations));

        Assert.Equal(expected, steps);
    }
}
