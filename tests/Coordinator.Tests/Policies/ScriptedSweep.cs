using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Policies;

/// <summary>
/// Drives a <see cref="SweepState"/> with scripted node events, as the SweepActor would (no actors,
/// no I/O), keeping the journal it produces so that tests can replay it into a fresh state.
/// Trials are addressed by expansion index; all of them run on one node.
/// </summary>
internal sealed class ScriptedSweep
{
    public const string Node = "n1";

    private long _seq;

    public ScriptedSweep(int trials, bool maximize = true, params StoppingPolicySpec[] policies)
    {
        Spec = TestSpecs.Simulated(init: [.. Enumerable.Range(1, trials)], order: [1]) with
        {
            Stopping = policies,
            Metric = new MetricSpec("accuracy", maximize),
        };
        State = new SweepState(Spec.Name, _ => Spec);
        var keys = Enumerable.Range(1, trials).Select(i => new TrialKey(Spec.Name, 0, i, 1)).ToList();
        Run(fx => State.Submit(new SweepSubmitted(Spec.Name, Spec.Name, "yaml", "/", keys.Count), keys, fx));
    }

    public ExperimentSpec Spec { get; }

    public SweepState State { get; }

    /// <summary>Every event emitted so far, in order (the journal).</summary>
    public List<SweepEvent> Log { get; } = [];

    /// <summary>The commands of the latest step.</summary>
    public IReadOnlyList<OutgoingCommand> LastCommands { get; private set; } = [];

    public static StoppingPolicySpec Policy(string kind, params (string Name, string Value)[] parameters) =>
        new(kind, parameters.ToDictionary(p => p.Name, p => p.Value), 7);

    public TrialRecord Trial(int index) => State.Trials[index];

    public string Id(int index) => State.Trials[index].TrialId;

    /// <summary>Runs one message's worth of decisions and returns the events it produced.</summary>
    public IReadOnlyList<SweepEvent> Run(Action<Effects> act)
    {
        var fx = new Effects(State);
        act(fx);
        State.CheckCompletion(fx);
        Log.AddRange(fx.Events);
        LastCommands = fx.Commands;
        return fx.Events;
    }

    /// <summary>Grants one slot per queued trial (all on <see cref="Node"/>).</summary>
    public IReadOnlyList<StartTrialCommand> AssignAll()
    {
        var grants = Enumerable.Range(0, State.QueuedCount).Select(i => (Node, i)).ToList();
        Run(fx => State.Assign(grants, fx));
        return [.. LastCommands.Select(c => c.Command).OfType<StartTrialCommand>()];
    }

    public IReadOnlyList<SweepEvent> Metric(int index, long step, double fraction, string name, double value) =>
        Event(index, (seq, id, attempt) => new TrialMetricEvent(seq, id, attempt, step, fraction, name, value));

    /// <summary>The validation metric (<c>accuracy</c>) at step = 100·fraction.</summary>
    public IReadOnlyList<SweepEvent> Accuracy(int index, double fraction, double value) =>
        Metric(index, (long)Math.Round(fraction * 100), fraction, "accuracy", value);

    public IReadOnlyList<SweepEvent> End(int index, TrialOutcomeKind outcome, long steps, string? checkpoint = null, double? final = null) =>
        Event(index, (seq, id, attempt) => new TrialEndedEvent(seq, id, attempt, outcome, final, steps, checkpoint, null));

    /// <summary>The runner pauses at <paramref name="step"/> with a checkpoint there.</summary>
    public IReadOnlyList<SweepEvent> Pause(int index, long step) => End(index, TrialOutcomeKind.Paused, step, $"/ck/{Id(index)}/{step}");

    /// <summary>A fresh state folded from the first <paramref name="events"/> journaled events (all by default).</summary>
    public SweepState Replay(int? events = null)
    {
        var replayed = new SweepState(Spec.Name, _ => Spec);
        foreach (var e in Log.Take(events ?? Log.Count))
        {
            replayed.Apply(e);
        }

        return replayed;
    }

    private IReadOnlyList<SweepEvent> Event(int index, Func<long, string, int, NodeEvent> make)
    {
        var t = Trial(index);
        var e = make(++_seq, t.TrialId, t.Attempt);
        return Run(fx => State.OnNodeEvent(Node, e, fx));
    }
}
