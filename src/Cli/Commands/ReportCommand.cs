using System.CommandLine;
using System.Text.Json;
using SweepCluster.Cli.Rendering;
using SweepCluster.Cli.Rendering.Plot;
using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep report [SWEEP] [--db FILE] [--json] [--csv FILE] [--plot FILE.svg]</c>: the statistics of a
/// sweep (docs/report.md) as text tables, or as JSON, plus an optional per-trial CSV and SVG figure.
/// Works while the sweep runs: only the trials completed so far enter the statistics.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var sweep = new Argument<string?>("sweep") { Description = "Sweep id (default: the most recent sweep)", Arity = ArgumentArity.ZeroOrOne };
        var db = CommonOptions.Db();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of tables" };
        var csv = new Option<string?>("--csv") { Description = "Also write one row per trial (seeds, state, metric at each evaluation, compute, decision) to FILE", HelpName = "FILE" };
        var plot = new Option<string?>("--plot") { Description = "Also write an SVG figure (EMP curves with bootstrap band; histogram of scores by state) to FILE", HelpName = "FILE.svg" };
        var command = new Command("report", "Report a sweep: EMP curves, variance by seed, early ranking, divergence, budget to target, best trial")
        {
            sweep, db, json, csv, plot,
        };
        var remote = new RemoteOptions();
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // With a coordinator named, the report comes from its API (JSON; --csv writes its CSV).
            using var client = remote.TryCreate(parse, localDbGiven: parse.GetResult(db) is { Implicit: false });
            if (client is not null)
            {
                var id = parse.GetValue(sweep) ?? await TrialsCommand.LatestAsync(client, ct);
                await output.WriteAsync(await client.GetReportAsync(id, "json", ct));
                if (parse.GetValue(csv) is { } csvFile)
                {
                    await File.WriteAllTextAsync(csvFile, await client.GetReportAsync(id, "csv", ct), ct);
                }

                return ExitCodes.Ok;
            }

            return await RunAsync(parse.GetValue(sweep), parse.GetValue(db)!, parse.GetValue(json), parse.GetValue(csv), parse.GetValue(plot), output, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(string? sweepId, string dbPath, bool json, string? csvPath, string? plotPath, TextWriter output, CancellationToken cancellationToken)
    {
        SweepReport report;
        await using (var store = await StoreAccess.OpenExistingAsync(dbPath, cancellationToken))
        {
            var row = await StoreAccess.FindSweepAsync(store, sweepId, cancellationToken);
            report = await SweepReportBuilder.BuildAsync(store, row.SweepId, ReportOptions.Default, cancellationToken);
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, SweepReportJsonContext.Default.SweepReport));
        }
        else
        {
            await ReportView.WriteAsync(output, report);
        }

        if (csvPath is not null)
        {
            await File.WriteAllTextAsync(csvPath, ReportCsv.Render(report), cancellationToken);
        }

        if (plotPath is not null)
        {
            await File.WriteAllTextAsync(plotPath, ReportPlot.Render(report), cancellationToken);
        }

        if (!json && (csvPath ?? plotPath) is not null)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Join("; ", new[] { csvPath is null ? null : $"CSV written to {csvPath}", plotPath is null ? null : $"plot written to {plotPath}" }.OfType<string>()));
        }

        return ExitCodes.Ok;
    }
}
