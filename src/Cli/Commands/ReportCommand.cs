using System.CommandLine;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep report [--sweep ID] [--format json|csv] --coordinator URL</c>: prints the coordinator's report.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var sweep = CommonOptions.Sweep();
        var format = new Option<string>("--format") { Description = "json or csv", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var remote = new RemoteOptions();
        var command = new Command("report", "Print a sweep's report from a coordinator") { sweep, format };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = remote.Create(parse);
            var sweepId = parse.GetValue(sweep) ?? await TrialsCommand.LatestAsync(client, ct);
            await output.WriteAsync(await client.GetReportAsync(sweepId, parse.GetValue(format)!, ct));
            return ExitCodes.Ok;
        });
        return command;
    }
}
