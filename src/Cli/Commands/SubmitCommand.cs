using System.CommandLine;
using SweepCluster.Cli.Watching;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep submit SPEC --coordinator URL</c>: validates the spec locally (file:line errors), submits
/// it and prints the sweep id. Relative paths in the spec resolve on the coordinator against
/// <c>--base-dir</c> (default: the spec's directory, which must then exist there too). With
/// <c>--watch</c> it then follows the sweep like <c>sweep watch</c>.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(TextWriter output)
    {
        var spec = new Argument<string>("spec") { Description = "Experiment spec (YAML)" };
        var baseDir = new Option<string?>("--base-dir") { Description = "Directory relative spec paths resolve against on the coordinator (default: the spec's directory)" };
        var watch = new Option<bool>("--watch") { Description = "Follow the sweep live after submitting it, then print its summary (like sweep watch)" };
        var quiet = WatchCommand.QuietOption();
        var interval = WatchCommand.IntervalOption();
        var remote = new RemoteOptions();
        var command = new Command("submit", "Submit a sweep to a coordinator") { spec, baseDir, watch, quiet, interval };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(spec)!;
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.BadInput, $"spec file not found: {path}");
            }

            var every = WatchCommand.Interval(parse.GetValue(interval)); // a bad option fails before anything is submitted
            var yaml = await File.ReadAllTextAsync(path, ct);
            SpecParser.Parse(yaml, Path.GetFileName(path));
            using var client = remote.Create(parse);
            var directory = parse.GetValue(baseDir) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            var sweepId = await client.SubmitAsync(yaml, directory, ct);
            await output.WriteLineAsync($"submitted {sweepId}");
            return parse.GetValue(watch)
                ? await SweepWatch.RunAsync(
                    new CoordinatorSweepFeed(client, sweepId), sweepId, output, parse.GetValue(quiet), every, ct)
                : ExitCodes.Ok;
        });
        return command;
    }
}
