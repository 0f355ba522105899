using System.CommandLine;
using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep status [--db FILE | --coordinator URL]</c>: every sweep with its counts by state.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output)
    {
        var db = CommonOptions.Db();
        var remote = new RemoteOptions();
        var command = new Command("status", "Show the sweeps in a database and their trial counts (works while a sweep runs)") { db };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<SweepRow> sweeps;
            using (var client = remote.TryCreate(parse, localDbGiven: parse.GetResult(db) is { Implicit: false }))
            {
                if (client is not null)
                {
                    sweeps = await client.ListSweepsAsync(ct);
                }
                else
                {
                    await using var store = await StoreAccess.OpenExistingAsync(parse.GetValue(db)!, ct);
                    sweeps = await store.ListSweepsAsync(ct);
                }
            }

            await RenderAsync(output, sweeps);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The status table, whether the rows came from a local store or the API.</summary>
    public static async Task RenderAsync(TextWriter output, IReadOnlyList<SweepRow> sweeps)
    {
        if (sweeps.Count == 0)
        {
            await output.WriteLineAsync("no sweeps");
            return;
        }

        var states = Enum.GetValues<TrialState>();
        var header = new[] { "sweep", "status", "trials" }.Concat(states.Select(s => s.ToString())).ToArray();
        var rows = sweeps.Select(s => new[] { s.SweepId, s.Status, s.TrialCount.ToString(CultureInfo.InvariantCulture) }
            .Concat(states.Select(st => s.Counts.GetValueOrDefault(st).ToString(CultureInfo.InvariantCulture))).ToArray()).ToList();
        await TextTable.WriteAsync(output, header, rows);
    }
}
