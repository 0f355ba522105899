using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Nodes;

/// <summary>Leases on a manual clock: a node that stops syncing is lost and its trials move on.</summary>
public sealed class NodeLeaseTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NodeStopsSyncing_LeaseExpires_TrialIsRequeuedAsAttemptTwoAndFinishesElsewhere()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await InProcessCluster.StartAsync(time: time);
        var gate = new GateRunner();
        cluster.StartNode("a", 1, gate);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "lease", init: "[1]", order: "[1]"));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(async () => (await cluster.Store.ListTrialsAsync(sweepId)).Single().State == TrialState.Running, Limit, "the trial running");

        await cluster.KillNodeAsync("a");
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TrialState.Running, (await cluster.Store.ListTrialsAsync(sweepId)).Single().State);

        time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(async () => (await cluster.Store.ListTrialsAsync(sweepId)).Single() is { State: TrialState.Queued, Attempt: 2 }, Limit, "the trial requeued as attempt 2");

        cluster.StartNode("b", 1);
        await cluster.WaitAsync(sweepId, TimeSpan.FromSeconds(30));

        var trial = (await cluster.Store.ListTrialsAsync(sweepId)).Single();
        Assert.Equal((TrialState.Completed, 2, "b"), (trial.State, trial.Attempt, trial.NodeId));
        var events = (await cluster.Store.ReadAsync(sweepId, 1, long.MaxValue)).Select(e => e.Event).ToList();
        Assert.Contains(new TrialLost(trial.TrialId, 1, "a", 1), events);
        var membership = (await cluster.Store.ReadAsync(Streams.Cluster, 1, long.MaxValue)).Select(e => e.Event).ToList();
        Assert.Equal("a", Assert.Single(membership.OfType<NodeLost>()).NodeId);
        Assert.Equal("lost", (await cluster.Store.ListNodesAsync()).Single(n => n.NodeId == "a").State);
    }
}
