using System.CommandLine;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep cancel SWEEP --coordinator URL</c>: cancels a sweep (queued trials end Cancelled, running ones stop).</summary>
internal static class CancelCommand
{
    public static Command Create(TextWriter output)
    {
        var sweep = new Argument<string>("sweep") { Description = "Sweep id" };
        var remote = new RemoteOptions();
        var command = new Command("cancel", "Cancel a sweep on a coordinator") { sweep };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = remote.Create(parse);
            var answer = await client.CancelAsync(parse.GetValue(sweep)!, ct);
            await output.WriteLineAsync(answer.Message);
            return ExitCodes.Ok;
        });
        return command;
    }
}
