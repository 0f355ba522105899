using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Reports;

/// <summary>
/// A node is really lost mid-trial (killed, its lease expires on a manual clock) and the trial
/// finishes elsewhere: the report's compute is the hand-computed sum over both attempts.
/// </summary>
public sealed class LostNodeComputeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    // Attempt 1 reaches 70 after a checkpoint at 50; attempt 2 resumes at 50 and completes at 100: 70 + 50.
    [InlineData(50L, 70L + 50L)]
    // No checkpoint: attempt 2 starts over and runs all 100 steps: 70 + 100.
    [InlineData(null, 70L + 100L)]
    public async Task BuildAsync_NodeLostMidTrial_ComputeIsTheSumOverAttempts(long? checkpointStep, long expected)
    {
        var time = new ManualTimeProvider();
        await using var cluster = await InProcessCluster.StartAsync(time: time);
        var runner = new LosableRunner(checkpointStep, reachStep: 70, totalSteps: 100);
        cluster.StartNode("a", 1, runner);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "lost-compute", init: "[1]", order: "[1]"));
        await runner.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(
            async () => (await cluster.Store.ListTrialsAsync(sweepId)).Single() is { State: TrialState.Running, ComputeSteps: 70 } t
                && (checkpointStep is null || t.Checkpoint is not null),
            Limit,
            "the trial running at step 70 (with its checkpoint, if any)");

        await cluster.KillNodeAsync("a");
        time.Advance(TimeSpan.FromSeconds(11));
        await Eventually.UntilAsync(async () => (await cluster.Store.ListTrialsAsync(sweepId)).Single() is { State: TrialState.Queued, Attempt: 2 }, Limit, "the trial requeued as attempt 2");
        cluster.StartNode("b", 1, runner);
        await cluster.WaitAsync(sweepId, TimeSpan.FromSeconds(30));

        var events = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        var requeue = events.OfType<TrialQueued>().Single(q => q.Attempt == 2);
        Assert.Equal(checkpointStep ?? 0, requeue.ResumeStep);
        Assert.Equal(70, events.OfType<TrialLost>().Single().Step);
        var report = await SweepReportBuilder.BuildAsync(cluster.Store, sweepId, new ReportOptions { BootstrapSamples = 10 }, default);
        var trial = Assert.Single(report.Trials);
        Assert.Equal((TrialState.Completed, 2, expected), (trial.State, trial.Attempt, trial.ComputeSteps));
        Assert.Equal(expected, report.Progress.ComputeSteps);
        Assert.Equal(expected, report.Best!.ComputeSteps);
        Assert.Equal(expected, report.Statistics!.Emp.MeanComputeSteps);
    }
}
