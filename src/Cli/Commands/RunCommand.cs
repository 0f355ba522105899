using System.CommandLine;
using SweepCluster.Cli.Rendering;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Policies;
using SweepCluster.GpuNode.Agent;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep run SPEC [--db FILE] [--slots N]</c>: the embedded mode — a coordinator and a local node
/// in this process over a SQLite file. Shows live progress, pauses and saves on Ctrl-C, and resumes
/// when the same command is run again on the same database.
/// </summary>
internal static class RunCommand
{
    /// <summary>The node id of the embedded node: stable, so a re-run reclaims its trials.</summary>
    public const string EmbeddedNodeId = "local";

    public static Command Create(TextWriter output)
    {
        var spec = new Argument<string>("spec") { Description = "Experiment spec (YAML), e.g. examples/quickstart.yaml" };
        var db = CommonOptions.Db();
        var slots = new Option<int>("--slots")
        {
            Description = "Trials run at once (default: the number of cores)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var quiet = new Option<bool>("--quiet") { Description = "No live progress, only the summary" };
        var command = new Command("run", "Run a sweep on this machine (embedded coordinator + local node, SQLite)") { spec, db, slots, quiet };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(spec)!, parse.GetValue(db)!, parse.GetValue(slots), parse.GetValue(quiet), output, ct));
        return command;
    }

    public static async Task<int> RunAsync(string specPath, string dbPath, int slots, bool quiet, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(specPath))
        {
            throw new CliException(ExitCodes.BadInput, $"spec file not found: {specPath}");
        }

        if (slots < 1)
        {
            throw new CliException(ExitCodes.BadInput, $"--slots must be at least 1, got {slots}");
        }

        var yaml = await File.ReadAllTextAsync(specPath, CancellationToken.None);
        // Fail fast with file:line before touching the database.
        PolicyFactory.Validate(SpecParser.Parse(yaml, Path.GetFileName(specPath)), Path.GetFileName(specPath));
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(specPath))!;
        var dbFull = Path.GetFullPath(dbPath);
        Directory.CreateDirectory(Path.GetDirectoryName(dbFull)!);

        using var loggerFactory = CliLogging.Create(Path.ChangeExtension(dbFull, ".log"));
        await using var store = await SqliteSweepStore.OpenAsync(dbFull, TimeProvider.System, CancellationToken.None);
        await using var host = await CoordinatorHost.StartAsync(store, new CoordinatorOptions(), TimeProvider.System, loggerFactory, CancellationToken.None);
        var nodeOptions = new NodeOptions
        {
            NodeId = EmbeddedNodeId,
            Slots = slots,
            WorkDirectory = Path.Combine(Path.GetDirectoryName(dbFull)!, "work"),
        };
        await using var node = NodeAgent.Start(host.Link, nodeOptions, RunnerCatalog.Local(), TimeProvider.System, loggerFactory);

        var sweepId = await host.SubmitAsync(yaml, baseDirectory, CancellationToken.None);
        var done = host.WaitForSweepAsync(sweepId, CancellationToken.None);
        var view = new ProgressView(output, quiet);
        var interrupted = !await view.FollowAsync(host, sweepId, done, cancellationToken);

        if (interrupted)
        {
            await output.WriteLineAsync("Interrupted: pausing running trials and saving state…");
            await node.StopAsync(pauseRunning: true, TimeSpan.FromSeconds(30), CancellationToken.None);
            await output.WriteLineAsync($"State saved in {dbPath}. Run the same command again to resume.");
            return ExitCodes.Interrupted;
        }

        await node.StopAsync(pauseRunning: false, TimeSpan.FromSeconds(5), CancellationToken.None);
        await SummaryView.WriteAsync(output, store, sweepId, CancellationToken.None);
        return ExitCodes.Ok;
    }
}
