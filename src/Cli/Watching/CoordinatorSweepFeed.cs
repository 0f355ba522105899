using SweepCluster.Cli.Remote;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Watching;

/// <summary>
/// A sweep read from a coordinator's API. The sweep summary carries the live progress when the sweep
/// runs on the coordinator that answers; a standby (or a finished sweep) answers with counts only,
/// and the running trials are then listed from its tables.
/// </summary>
internal sealed class CoordinatorSweepFeed(CoordinatorClient client, string sweepId) : ISweepFeed
{
    public async Task<SweepRow?> GetSweepAsync(CancellationToken cancellationToken) =>
        (await client.GetSweepAsync(sweepId, cancellationToken)).Sweep;

    public async Task<SweepProgress?> GetProgressAsync(CancellationToken cancellationToken)
    {
        var summary = await client.GetSweepAsync(sweepId, cancellationToken);
        if (summary.Progress is { } live)
        {
            return live;
        }

        var sweep = summary.Sweep;
        var running = sweep.Counts.GetValueOrDefault(TrialState.Running) + sweep.Counts.GetValueOrDefault(TrialState.Assigned) == 0
            ? []
            : (await client.ListTrialsAsync(sweepId, TrialState.Running, cancellationToken)).Select(StoreSweepFeed.Running).ToList();
        return new SweepProgress(sweepId, sweep.Status, sweep.TrialCount, StoreSweepFeed.Complete(sweep.Counts), running);
    }

    public Task<IReadOnlyList<TrialRow>> ListTrialsAsync(CancellationToken cancellationToken) => client.ListTrialsAsync(sweepId, null, cancellationToken);
}
