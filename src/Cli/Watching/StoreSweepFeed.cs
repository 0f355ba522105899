using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Watching;

/// <summary>
/// A sweep read from the query tables of a database that another process (<c>sweep run</c> or a
/// coordinator) is writing: the running trials come from the trials table, not from the actor.
/// </summary>
internal sealed class StoreSweepFeed(IQueryStore store, string sweepId) : ISweepFeed
{
    public Task<SweepRow?> GetSweepAsync(CancellationToken cancellationToken) => store.GetSweepAsync(sweepId, cancellationToken);

    public async Task<SweepProgress?> GetProgressAsync(CancellationToken cancellationToken)
    {
        if (await store.GetSweepAsync(sweepId, cancellationToken) is not { } sweep)
        {
            return null;
        }

        var running = new List<RunningTrialView>();
        foreach (var state in (TrialState[])[TrialState.Assigned, TrialState.Running])
        {
            if (sweep.Counts.GetValueOrDefault(state) == 0)
            {
                continue;
            }

            foreach (var t in await store.ListTrialsAsync(sweepId, state, cancellationToken))
            {
                running.Add(Running(t));
            }
        }

        return new SweepProgress(sweepId, sweep.Status, sweep.TrialCount, Complete(sweep.Counts), running);
    }

    public Task<IReadOnlyList<TrialRow>> ListTrialsAsync(CancellationToken cancellationToken) => store.ListTrialsAsync(sweepId, null, cancellationToken);

    /// <summary>A trial row as the live view shows it; the total steps follow from the step and the fraction done.</summary>
    internal static RunningTrialView Running(TrialRow t) => new(
        t.TrialId, t.InitSeed, t.OrderSeed, t.Attempt, t.NodeId, t.Step,
        t.Fraction > 0 ? (long)Math.Round(t.Step / t.Fraction) : 0, t.Fraction, t.LastMetricName, t.LastMetricValue);

    /// <summary>Counts with every state present (the view prints a column per state).</summary>
    internal static IReadOnlyDictionary<TrialState, int> Complete(IReadOnlyDictionary<TrialState, int> counts) =>
        Enum.GetValues<TrialState>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
}
