using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>Drives the pure <see cref="SweepState"/> as the sweep actor does, keeping the events it would journal.</summary>
internal static class SweepStateScript
{
    /// <summary>A submitted sweep of <paramref name="spec"/>'s full factorial, and its journal so far.</summary>
    public static (SweepState State, List<SweepEvent> Log) NewSweep(ExperimentSpec spec)
    {
        var state = new SweepState(spec.Name, _ => spec);
        var log = new List<SweepEvent>();
        var fx = new Effects(state);
        var keys = spec.Seeds.Init.SelectMany(i => spec.Seeds.Order.Select(o => new TrialKey(spec.Name, 0, i, o))).ToList();
        state.Submit(new SweepSubmitted(spec.Name, spec.Name, "yaml", "/", keys.Count), keys, fx);
        log.AddRange(fx.Events);
        return (state, log);
    }

    /// <summary>One decision (then the completion check), its events appended to <paramref name="log"/>.</summary>
    public static Effects Run(SweepState state, List<SweepEvent> log, Action<Effects> act)
    {
        var fx = new Effects(state);
        act(fx);
        state.CheckCompletion(fx);
        log.AddRange(fx.Events);
        return fx;
    }
}
