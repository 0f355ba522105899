using System.CommandLine;
using System.Globalization;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep status [--db FILE]</c>: every sweep in the store with its counts by state.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output)
    {
        var db = CommonOptions.Db();
        var command = new Command("status", "Show the sweeps in a database and their trial counts (works while a sweep runs)") { db };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenExistingAsync(parse.GetValue(db)!, ct);
            var sweeps = await store.ListSweepsAsync(ct);
            if (sweeps.Count == 0)
            {
                await output.WriteLineAsync("no sweeps");
                return ExitCodes.Ok;
            }

            var states = Enum.GetValues<TrialState>();
            var header = new[] { "sweep", "status", "trials" }.Concat(states.Select(s => s.ToString())).ToArray();
            var rows = sweeps.Select(s => new[] { s.SweepId, s.Status, s.TrialCount.ToString(CultureInfo.InvariantCulture) }
                .Concat(states.Select(st => s.Counts.GetValueOrDefault(st).ToString(CultureInfo.InvariantCulture))).ToArray()).ToList();
            await TextTable.WriteAsync(output, header, rows);
            return ExitCodes.Ok;
        });
        return command;
    }
}
