using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Agent;

/// <summary>A node agent against a real coordinator (in-process cluster) whose link goes down.</summary>
public sealed class NodeAgentTests
{
    [Fact]
    public async Task Restart_TrialsEndedWhileCoordinatorWasDownThenNodeDied_ResultsDeliveredOnceFromDiskWithoutReRunning()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.DurableOutboxes = true;
        var gate = new GateRunner();
        cluster.StartNode("n1", 2, gate);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "disk", init: "[1]", order: "[1, 2]"));
        await WaitUntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] == 2);

        // The coordinator goes away; both trials finish; then the node process dies too.
        await cluster.KillCoordinatorAsync();
        gate.Open();
        var outbox = Path.Combine(cluster.Directory, "work", "outbox", "n1.events");
        await WaitUntilAsync(() => Task.FromResult(UnackedEnds(outbox).Count == 2));
        await cluster.KillNodeAsync("n1");

        await cluster.StartCoordinatorAsync();
        cluster.StartNode("n1", 2, gate);
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        Assert.Equal(
            [(TrialState.Completed, 1, 1.0), (TrialState.Completed, 1, 1.0)],
            trials.Select(t => (t.State, t.Attempt, t.FinalMetric ?? double.NaN)));
        Assert.Equal(2, gate.Runs);
        foreach (var trial in trials)
        {
            var finished = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).OfType<TrialFinished>();
            Assert.Single(finished, f => f.TrialId == trial.TrialId);
            Assert.Single(await cluster.Store.ListMetricsAsync(trial.TrialId));
        }

        // Acknowledged: a graceful stop leaves nothing to redeliver next time.
        await cluster.StopNodeAsync("n1");
        Assert.Empty(UnackedEnds(outbox));
    }

    [Fact]
    public async Task Restart_TrialRunningWhenTheNodeDied_IsRequeuedAsANewAttemptAndCompletes()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.DurableOutboxes = true;
        var gate = new GateRunner();
        cluster.StartNode("n1", 1, gate);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "dies", init: "[1]", order: "[1]"));
        await WaitUntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] == 1);

        await cluster.KillCoordinatorAsync();
        await cluster.KillNodeAsync("n1");
        await cluster.StartCoordinatorAsync();
        gate.Open();
        cluster.StartNode("n1", 1, gate);
        await cluster.WaitAsync(sweepId);

        var trial = Assert.Single(await cluster.Store.ListTrialsAsync(sweepId));
        Assert.Equal((TrialState.Completed, 2, 2), (trial.State, trial.Attempt, gate.Runs));
    }

    private static IReadOnlyList<TrialEndedEvent> UnackedEnds(string path) =>
        File.Exists(path) ? [.. OutboxRecovery.From(OutboxFormat.Read(File.ReadAllBytes(path))).Events.OfType<TrialEndedEvent>()] : [];

    /// <summary>Polls observable state (a sync point, not a sleep) until the condition holds.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("condition not reached in 30 s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
        }
    }
}
