using SweepCluster.Cli.Rendering;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli.Watching;

/// <summary>
/// Follows a sweep someone else runs: the live view while it is running, then the same summary
/// <c>sweep run</c> ends with. Watching changes nothing; Ctrl-C only stops the watching.
/// </summary>
internal static class SweepWatch
{
    public static async Task<int> RunAsync(
        ISweepFeed feed, string sweepId, TextWriter output, bool quiet, TimeSpan interval, CancellationToken cancellationToken)
    {
        var sweep = await feed.GetSweepAsync(CancellationToken.None)
            ?? throw new CliException(ExitCodes.StoreError, $"no sweep '{sweepId}'");
        if (sweep.Status == "running")
        {
            await output.WriteLineAsync($"Watching {sweepId}: running, {sweep.TrialCount} trials (Ctrl-C stops the watching, not the sweep)");
            using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ended = UntilEndedAsync(feed, interval, stopPolling.Token);
            var finished = await new ProgressView(output, quiet).FollowAsync(feed.GetProgressAsync, ended, cancellationToken);
            await stopPolling.CancelAsync();
            if (!finished)
            {
                await output.WriteLineAsync($"Stopped watching; sweep {sweepId} goes on.");
                return ExitCodes.Ok;
            }

            await ended; // surfaces a lost coordinator or database as the command's error
            sweep = await feed.GetSweepAsync(CancellationToken.None) ?? sweep;
        }

        var trials = await feed.ListTrialsAsync(CancellationToken.None);
        foreach (var line in SummaryView.Lines(sweep, trials, SpecParser.Parse(sweep.SpecYaml).Metric))
        {
            await output.WriteLineAsync(line);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Completes when the sweep is no longer running (or fails when it can no longer be read).</summary>
    private static async Task UntilEndedAsync(ISweepFeed feed, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(interval, TimeProvider.System, cancellationToken);
            if (await feed.GetSweepAsync(cancellationToken) is not { Status: "running" })
            {
                return;
            }
        }
    }
}
