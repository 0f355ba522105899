using System.CommandLine;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Http;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep node --coordinator URL[,URL…] [--slots N | --gpus 0,1] [--work-dir DIR] [--node-id ID]</c>:
/// a node agent that registers with the coordinator and runs trials until Ctrl-C or SIGTERM, which
/// pause (checkpoint) the running trials and deliver their last events. Several URLs name a leader
/// and its standbys: the node talks to whichever leads.
/// </summary>
internal static class NodeCommand
{
    public const string TokenVariable = "SWEEP_CLUSTER_TOKEN";

    public static Command Create(TextWriter output)
    {
        var coordinator = new Option<string?>("--coordinator")
        {
            Description = $"Coordinator URL, or comma-separated URLs of a leader and its standbys (default: ${RemoteOptions.CoordinatorVariable})",
        };
        var slots = new Option<int?>("--slots") { Description = "Trials run at once (default: the number of cores, or of --gpus)" };
        var gpus = new Option<string?>("--gpus")
        {
            Description = "GPUs as CUDA_VISIBLE_DEVICES names them (indices or UUIDs), e.g. 0,1; slot i uses GPU i mod count (default slots: one per GPU)",
        };
        var workDir = new Option<string>("--work-dir") { Description = "Trial directories", DefaultValueFactory = _ => Path.Combine(".sweep", "work") };
        var nodeId = new Option<string>("--node-id") { Description = "Node name (unique in the cluster)", DefaultValueFactory = _ => Environment.MachineName };
        var tokenFile = new Option<string?>("--token-file") { Description = $"File holding the cluster token (default: ${TokenVariable})" };
        var maxRetry = new Option<double>("--max-retry-seconds")
        {
            Description = "Longest wait between reconnection attempts; keep it well under the coordinator's lease",
            DefaultValueFactory = _ => 5,
        };
        var templates = new Option<string?>("--templates") { Description = "Command templates this node offers (docs/command-runner.md)", HelpName = "FILE" };
        var command = new Command("node", "Run a node agent that takes trials from a coordinator")
        {
            coordinator, slots, gpus, workDir, nodeId, tokenFile, maxRetry, templates,
        };
        command.SetAction(async (parse, ct) =>
        {
            var urls = Coordinators(parse.GetValue(coordinator) ?? Environment.GetEnvironmentVariable(RemoteOptions.CoordinatorVariable));

            var slotCount = SlotCount(parse.GetValue(slots), parse.GetValue(gpus));
            var options = new NodeOptions
            {
                NodeId = parse.GetValue(nodeId)!,
                Slots = slotCount,
                WorkDirectory = Path.GetFullPath(parse.GetValue(workDir)!),
                Gpus = parse.GetValue(gpus) is { } list ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
                MaxRetryDelay = parse.GetValue(maxRetry) > 0
                    ? TimeSpan.FromSeconds(parse.GetValue(maxRetry))
                    : throw new CliException(ExitCodes.BadInput, "--max-retry-seconds must be positive"),
            };
            options.OutboxDirectory = Path.Combine(options.WorkDirectory, "outbox");
            Directory.CreateDirectory(options.WorkDirectory);
            var link = new HttpLinkOptions { Coordinators = urls, Token = Tokens.Read(parse.GetValue(tokenFile), TokenVariable, "cluster token") };
            using var loggerFactory = CliLogging.Create(Path.Combine(options.WorkDirectory, "node.log"));
            var runners = RunnerCatalog.Local(parse.GetValue(templates), options, loggerFactory);
            using var http = new HttpCoordinatorLink(link, TimeProvider.System);
            await using var agent = NodeAgent.Start(http, options, runners, TimeProvider.System, loggerFactory);
            await output.WriteLineAsync($"node {options.NodeId} with {slotCount} slots, coordinator {string.Join(',', urls)}");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("stopping: pausing running trials");
                await agent.StopAsync(pauseRunning: true, TimeSpan.FromSeconds(30), CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<Uri> Coordinators(string? value)
    {
        var urls = new List<Uri>();
        foreach (var url in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            urls.Add(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new CliException(ExitCodes.BadInput, $"--coordinator must be an http(s) URL or a comma-separated list of them, got '{url}'"));
        }

        return urls.Count > 0
            ? urls
            : throw new CliException(ExitCodes.BadInput, $"--coordinator must be an http(s) URL (or set {RemoteOptions.CoordinatorVariable})");
    }

    private static int SlotCount(int? slots, string? gpus)
    {
        if (gpus is not null)
        {
            // Names are checked by NodeOptions.Validate (indices or UUIDs such as GPU-5c1f…).
            var ids = gpus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length == 0)
            {
                throw new CliException(ExitCodes.BadInput, $"--gpus must list GPUs like 0,1, got '{gpus}'");
            }

            // With --slots too, several trials share each GPU (slot i uses GPU i mod count).
            slots ??= ids.Length;
        }

        var count = slots ?? Environment.ProcessorCount;
        return count >= 1 ? count : throw new CliException(ExitCodes.BadInput, $"--slots must be at least 1, got {count}");
    }
}
