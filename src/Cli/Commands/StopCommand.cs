using System.CommandLine;

namespace SweepCluster.Cli.Commands;

/// <summary><c>sweep stop TRIAL --coordinator URL</c>: stops one trial (it ends Cancelled).</summary>
internal static class StopCommand
{
    public static Command Create(TextWriter output)
    {
        var trial = new Argument<string>("trial") { Description = "Trial id, as `sweep trials` shows it" };
        var remote = new RemoteOptions();
        var command = new Command("stop", "Stop one trial on a coordinator") { trial };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = remote.Create(parse);
            var answer = await client.StopTrialAsync(parse.GetValue(trial)!, ct);
            await output.WriteLineAsync(answer.Message);
            return ExitCodes.Ok;
        });
        return command;
    }
}
