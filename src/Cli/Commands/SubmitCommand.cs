using System.CommandLine;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep submit SPEC --coordinator URL</c>: validates the spec locally (file:line errors), submits
/// it and prints the sweep id. Relative paths in the spec resolve on the coordinator against
/// <c>--base-dir</c> (default: the spec's directory, which must then exist there too).
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(TextWriter output)
    {
        var spec = new Argument<string>("spec") { Description = "Experiment spec (YAML)" };
        var baseDir = new Option<string?>("--base-dir") { Description = "Directory relative spec paths resolve against on the coordinator (default: the spec's directory)" };
        var remote = new RemoteOptions();
        var command = new Command("submit", "Submit a sweep to a coordinator") { spec, baseDir };
        remote.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(spec)!;
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.BadInput, $"spec file not found: {path}");
            }

            var yaml = await File.ReadAllTextAsync(path, ct);
            SpecParser.Parse(yaml, Path.GetFileName(path));
            using var client = remote.Create(parse);
            var directory = parse.GetValue(baseDir) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            var sweepId = await client.SubmitAsync(yaml, directory, ct);
            await output.WriteLineAsync($"submitted {sweepId}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
