using System.Collections.Concurrent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Agent;

public sealed class NodeActorSlotTests
{
    /// <summary>The simulated runner, recording the slot each attempt was given.</summary>
    private sealed class SlotRecorder : ITrialRunner
    {
        private readonly SimulatedRunner _inner = new();

        public ConcurrentDictionary<string, int> Slots { get; } = new();

        public string Kind => _inner.Kind;

        public Task<TrialResult> RunAsync(TrialContext context)
        {
            Slots[context.Key.TrialId] = context.Slot;
            return _inner.RunAsync(context);
        }
    }

    [Fact]
    public async Task Launch_TwoTrialsAtOnce_EachGetsItsOwnSlot()
    {
        var recorder = new SlotRecorder();
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2, recorder);

        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "slots", init: "[1]", order: "[1, 2]", steps: 20, stepDurationMs: 5));
        await cluster.WaitAsync(sweepId);

        Assert.Equal([0, 1], recorder.Slots.Values.Order());
    }
}
