using System.CommandLine;
using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep trials [--db FILE | --coordinator URL] [--sweep ID] [--state S]</c>: one line per trial, with why it ended.</summary>
internal static class TrialsCommand
{
    public static Command Create(TextWriter output)
    {
        var db = CommonOptions.Db();
        var sweep = CommonOptions.Sweep();
        var state = new Option<string?>("--state") { Description = "Only trials in this state (Queued, Running, Completed, Diverged, …)" };
        var remote = new RemoteOptions();
        var command = new Command("trials", "List the trials of a sweep with seeds, state, progress and reason") { db, sweep, state };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            TrialState? filter = null;
            if (parse.GetValue(state) is { } s)
            {
                filter = Enum.TryParse<TrialState>(s, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw new CliException(ExitCodes.BadInput, $"unknown state '{s}' (one of: {string.Join(", ", Enum.GetNames<TrialState>())})");
            }

            IReadOnlyList<TrialRow> trials;
            using (var client = remote.TryCreate(parse, localDbGiven: parse.GetResult(db) is { Implicit: false }))
            {
                if (client is not null)
                {
                    var sweepId = parse.GetValue(sweep) ?? await LatestAsync(client, ct);
                    trials = await client.ListTrialsAsync(sweepId, filter, ct);
                }
                else
                {
                    await using var store = await StoreAccess.OpenExistingAsync(parse.GetValue(db)!, ct);
                    var row = await StoreAccess.FindSweepAsync(store, parse.GetValue(sweep), ct);
                    trials = await store.ListTrialsAsync(row.SweepId, filter, ct);
                }
            }

            await RenderAsync(output, trials);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The trials table, whether the rows came from a local store or the API.</summary>
    public static async Task RenderAsync(TextWriter output, IReadOnlyList<TrialRow> trials)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = trials.Select(t => new[]
        {
            t.TrialId, t.InitSeed.ToString(inv), t.OrderSeed.ToString(inv), t.State.ToString(), t.Attempt.ToString(inv),
            t.Step.ToString(inv),
            t.LastMetricName is null ? "" : string.Create(inv, $"{t.LastMetricName}={t.LastMetricValue:F4}"),
            t.FinalMetric is { } f ? f.ToString("F4", inv) : "",
            t.Reason ?? "",
        }).ToList();
        await TextTable.WriteAsync(output, ["trial", "WI", "DO", "state", "attempt", "step", "last metric", "final", "reason"], rows);
    }

    /// <summary>The most recent sweep on the coordinator.</summary>
    public static async Task<string> LatestAsync(Remote.CoordinatorClient client, CancellationToken ct)
    {
        var all = await client.ListSweepsAsync(ct);
        return all.Count > 0 ? all[^1].SweepId : throw new CliException(ExitCodes.StoreError, "the coordinator has no sweeps yet");
    }
}
