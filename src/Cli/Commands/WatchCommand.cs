using System.CommandLine;
using System.Globalization;
using SweepCluster.Cli.Remote;
using SweepCluster.Cli.Watching;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep watch [SWEEP] [--db FILE | --coordinator URL]</c>: the live view of a sweep that runs
/// elsewhere (another <c>sweep run</c> on the same database, or a coordinator), then its summary.
/// </summary>
internal static class WatchCommand
{
    /// <summary>How often a watched sweep is read (it is read, never held: any number of watchers is fine).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    public static Command Create(TextWriter output)
    {
        var sweep = new Argument<string?>("sweep") { Description = "Sweep id (default: the most recent sweep)", Arity = ArgumentArity.ZeroOrOne };
        var db = CommonOptions.Db();
        var quiet = QuietOption();
        var interval = IntervalOption();
        var remote = new RemoteOptions();
        var command = new Command("watch", "Follow a running sweep live (in a database or on a coordinator) and print its summary when it ends")
        {
            sweep, db, quiet, interval,
        };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var every = Interval(parse.GetValue(interval));
            using var client = remote.TryCreate(parse, localDbGiven: parse.GetResult(db) is { Implicit: false });
            if (client is not null)
            {
                var id = parse.GetValue(sweep) ?? await MostRecentAsync(client, ct);
                return await SweepWatch.RunAsync(new CoordinatorSweepFeed(client, id), id, output, parse.GetValue(quiet), every, ct);
            }

            await using var store = await StoreAccess.OpenExistingAsync(parse.GetValue(db)!, ct);
            var row = await StoreAccess.FindSweepAsync(store, parse.GetValue(sweep), ct);
            return await SweepWatch.RunAsync(new StoreSweepFeed(store, row.SweepId), row.SweepId, output, parse.GetValue(quiet), every, ct);
        });
        return command;
    }

    public static Option<bool> QuietOption() => new("--quiet") { Description = "No live progress, only the summary at the end" };

    public static Option<double?> IntervalOption() => new("--interval")
    {
        Description = string.Create(CultureInfo.InvariantCulture, $"Seconds between reads of the sweep (default {DefaultInterval.TotalSeconds})"),
    };

    public static TimeSpan Interval(double? seconds) => seconds switch
    {
        null => DefaultInterval,
        > 0 and <= 3600 => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture, $"--interval must be between 0 and 3600 seconds, got {seconds}")),
    };

    private static async Task<string> MostRecentAsync(CoordinatorClient client, CancellationToken ct)
    {
        var all = await client.ListSweepsAsync(ct);
        return all.Count > 0 ? all[^1].SweepId : throw new CliException(ExitCodes.StoreError, "the coordinator has no sweeps yet");
    }
}
