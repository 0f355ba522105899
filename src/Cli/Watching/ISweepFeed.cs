using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Cli.Watching;

/// <summary>Where <c>sweep watch</c> reads one sweep from: a database, or a coordinator over HTTP.</summary>
internal interface ISweepFeed
{
    /// <summary>The sweep's row (status and counts), or null when there is no such sweep.</summary>
    Task<SweepRow?> GetSweepAsync(CancellationToken cancellationToken);

    /// <summary>Counts by state and the running trials, for the live view.</summary>
    Task<SweepProgress?> GetProgressAsync(CancellationToken cancellationToken);

    /// <summary>Every trial, for the summary at the end.</summary>
    Task<IReadOnlyList<TrialRow>> ListTrialsAsync(CancellationToken cancellationToken);
}
