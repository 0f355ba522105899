using System.CommandLine;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep resume SWEEP --coordinator URL</c>: resumes a cancelled sweep (the trials its cancel ended run
/// again as new attempts from their last checkpoint; trials that ended otherwise stay).
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(TextWriter output)
    {
        var sweep = new Argument<string>("sweep") { Description = "Sweep id" };
        var remote = new RemoteOptions();
        var command = new Command("resume", "Resume a cancelled sweep on a coordinator") { sweep };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = remote.Create(parse);
            var answer = await client.ResumeAsync(parse.GetValue(sweep)!, ct);
            await output.WriteLineAsync(answer.Message);
            return ExitCodes.Ok;
        });
        return command;
    }
}
