using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Agent;

/// <summary>The sync loop's long-poll: what happens to a held poll when the node has something to say.</summary>
public sealed class NodeAgentHeldPollTests
{
    [Fact]
    public async Task Sync_EventsAppearWhileThePollIsHeld_SentInASecondSyncWithoutCancellingTheHeldOne()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        var gate = new GateRunner();
        cluster.StartNode("n1", 1, gate);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "held", init: "[1]", order: "[1, 2]"));

        // The first trial runs (blocked in the gate) and the node, with nothing to send, holds a poll.
        await Eventually.UntilAsync(
            async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] == 1 && cluster.Link.HeldInFlight == 1,
            TimeSpan.FromSeconds(20),
            "the first trial running and a poll held",
            TimeSpan.FromMilliseconds(10));

        // Both trials end while polls are held: their events go out beside the held poll, in a second sync.
        gate.Open();
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        Assert.Equal([TrialState.Completed, TrialState.Completed], trials.Select(t => t.State));
        Assert.InRange(cluster.Link.MaxInFlight, 2, int.MaxValue);
        Assert.Equal(0, cluster.Link.CancelledSyncs);
    }
}
