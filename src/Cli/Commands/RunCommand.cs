using System.CommandLine;
using SweepCluster.Cli.Rendering;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Policies;
using SweepCluster.GpuNode.Agent;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep run SPEC [--db FILE] [--slots N] [--templates FILE] [--gpus LIST]</c>: the embedded mode — a coordinator and a local node
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
        var templates = new Option<string?>("--templates") { Description = "Command templates (JSON) for `runner: command:NAME`, e.g. examples/pytorch/templates.json" };
        var gpus = new Option<string?>("--gpus") { Description = "GPUs for the slots, as CUDA_VISIBLE_DEVICES names them (e.g. 0,1); slot i uses GPU i mod count" };
        var command = new Command("run", "Run a sweep on this machine (embedded coordinator + local node, SQLite)") { spec, db, slots, quiet, templates, gpus };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(spec)!, parse.GetValue(db)!, parse.GetValue(slots), parse.GetValue(quiet), output, ct,
            parse.GetValue(templates), parse.GetValue(gpus)));
        return command;
    }

    public static async Task<int> RunAsync(
        string specPath, string dbPath, int slots, bool quiet, TextWriter output, CancellationToken cancellationToken, string? templatesPath = null, string? gpus = null)
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
        var nodeOptions = new NodeOptions
        {
            NodeId = EmbeddedNodeId,
            Slots = slots,
            WorkDirectory = Path.Combine(Path.GetDirectoryName(dbFull)!, "work"),
            Gpus = gpus?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        try
        {
            nodeOptions.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"--gpus: {ex.Message}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(dbFull)!);
        using var loggerFactory = CliLogging.Create(Path.ChangeExtension(dbFull, ".log"));
        var runners = RunnerCatalog.Local(templatesPath, nodeOptions, loggerFactory); // bad templates fail before the database is touched
        await using var store = await SqliteSweepStore.OpenAsync(dbFull, TimeProvider.System, CancellationToken.None);
        await using var host = await CoordinatorHost.StartAsync(store, new CoordinatorOptions(), TimeProvider.System, loggerFactory, CancellationToken.None);
        await using var node = NodeAgent.Start(host.Link, nodeOptions, runners, TimeProvider.System, loggerFactory);

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
