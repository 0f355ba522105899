using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Agent;

/// <summary>A node agent against a real coordinator (in-process cluster) whose link goes down.</summary>
public sealed class NodeAgentTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restart_TrialsEndedWhileCoordinatorWasDownThenNodeDied_ResultsDeliveredOnceFromDiskWithoutReRunning()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.DurableOutboxes = true;
        var gate = new GateRunner();
        cluster.StartNode("n1", 2, gate);
        var sweepId = await cluster.SubmitAsync(TestSpecs.SimulatedYaml(name: "disk", init: "[1]", order: "[1, 2]"));
        await Eventually.UntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] == 2, Limit, "2 trials running");

        // The coordinator goes away; both trials finish; then the node process dies too.
        await cluster.KillCoordinatorAsync();
        gate.Open();
        var outbox = Path.Combine(cluster.Directory, "work", "outbox", "n1.events");
        await Eventually.UntilAsync(() => UnackedEnds(outbox).Count == 2, Limit, "2 unacknowledged trial ends in the outbox file");
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
        await Eventually.UntilAsync(async () => (await cluster.Store.GetSweepAsync(sweepId))!.Counts[TrialState.Running] == 1, Limit, "the trial running");

        await cluster.KillCoordinatorAsync();
        await cluster.KillNodeAsync("n1");
        await cluster.StartCoordinatorAsync();
        gate.Open();
        cluster.StartNode("n1", 1, gate);
        await cluster.WaitAsync(sweepId);

        var trial = Assert.Single(await cluster.Store.ListTrialsAsync(sweepId));
        Assert.Equal((TrialState.Completed, 2, 2), (trial.State, trial.Attempt, gate.Runs));
    }

    [Fact]
    public async Task Launch_TwoSlotsWithGpusAndAThreadBudget_EachTrialGetsItsSlotAndTheCappedThreadCount()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        var runner = new CapturingRunner();
        var options = new NodeOptions
        {
            NodeId = "g1", Slots = 2, Gpus = ["3", "5"], ThreadsPerSlot = 2, WorkDirectory = Path.Combine(cluster.Directory, "work"),
        };
        await using var node = NodeAgent.Start(cluster.Coordinator.Link, options, [runner], TimeProvider.System, NullLoggerFactory.Instance);
        var yaml = TestSpecs.SimulatedYaml(name: "pinned", init: "[1]", order: "[1, 2]") + "\ntraining:\n  threads: 8\n";

        var sweepId = await cluster.SubmitAsync(yaml);
        await runner.BothEntered.WaitAsync(TimeSpan.FromSeconds(30));
        runner.Release();
        await cluster.WaitAsync(sweepId);

        var contexts = runner.Contexts.OrderBy(c => c.Slot).ToList();
        Assert.Equal([(0, 2, "3"), (1, 2, "5")], contexts.Select(c => (c.Slot, c.Threads, options.GpuForSlot(c.Slot))));
        Assert.All(contexts, c => Assert.Equal(8, c.Training.Threads));
    }

    private static IReadOnlyList<TrialEndedEvent> UnackedEnds(string path) =>
        File.Exists(path) ? [.. OutboxRecovery.From(OutboxFormat.Read(File.ReadAllBytes(path))).Events.OfType<TrialEndedEvent>()] : [];

    /// <summary>Holds every trial until two have entered (so they occupy both slots at once), recording their contexts.</summary>
    private sealed class CapturingRunner : ITrialRunner
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => "simulated";

        public ConcurrentBag<TrialContext> Contexts { get; } = [];

        public Task BothEntered => _both.Task;

        public void Release() => _release.TrySetResult();

        public async Task<TrialResult> RunAsync(TrialContext context)
        {
            Contexts.Add(context);
            if (Contexts.Count == 2)
            {
                _both.TrySetResult();
            }

            await _release.Task;
            return TrialResult.Completed(0.5, 10);
        }
    }
}
