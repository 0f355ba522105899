using System.CommandLine;
using System.Globalization;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep trials [--db FILE] [--sweep ID] [--state S]</c>: one line per trial, with why it ended.</summary>
internal static class TrialsCommand
{
    public static Command Create(TextWriter output)
    {
        var db = CommonOptions.Db();
        var sweep = CommonOptions.Sweep();
        var state = new Option<string?>("--state") { Description = "Only trials in this state (Queued, Running, Completed, Diverged, …)" };
        var command = new Command("trials", "List the trials of a sweep with seeds, state, progress and reason") { db, sweep, state };
        command.SetAction(async (parse, ct) =>
        {
            TrialState? filter = null;
            if (parse.GetValue(state) is { } s)
            {
                filter = Enum.TryParse<TrialState>(s, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw new CliException(ExitCodes.BadInput, $"unknown state '{s}' (one of: {string.Join(", ", Enum.GetNames<TrialState>())})");
            }

            await using var store = await StoreAccess.OpenExistingAsync(parse.GetValue(db)!, ct);
            var row = await StoreAccess.FindSweepAsync(store, parse.GetValue(sweep), ct);
            var trials = await store.ListTrialsAsync(row.SweepId, filter, ct);
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
            return ExitCodes.Ok;
        });
        return command;
    }
}
