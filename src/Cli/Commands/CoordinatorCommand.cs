using System.CommandLine;
using System.Globalization;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep coordinator --db sqlite:PATH --listen URL</c>: the cluster coordinator behind its HTTP API,
/// until Ctrl-C or SIGTERM. Prints <c>listening on URL</c> once it accepts requests.
/// </summary>
internal static class CoordinatorCommand
{
    public const string ClusterTokenVariable = "SWEEP_CLUSTER_TOKEN";
    public const string ClientTokenVariable = "SWEEP_CLIENT_TOKEN";

    public static Command Create(TextWriter output)
    {
        var db = new Option<string>("--db") { Description = "Store: sqlite:PATH (postgres://… when the build has PostgreSQL)", Required = true };
        var listen = new Option<string>("--listen")
        {
            Description = "Address to listen on (loopback by default; use http://0.0.0.0:7878 to accept other machines)",
            DefaultValueFactory = _ => ServerOptions.DefaultUrl,
        };
        var tokenFile = new Option<string?>("--token-file") { Description = $"File holding the cluster token for nodes (default: ${ClusterTokenVariable})" };
        var clientTokenFile = new Option<string?>("--client-token-file") { Description = $"File holding the client token (default: ${ClientTokenVariable})" };
        var lease = new Option<double>("--lease-seconds") { Description = "Node lease", DefaultValueFactory = _ => 10 };
        var heartbeat = new Option<double>("--heartbeat-seconds") { Description = "Node heartbeat (sync at least this often)", DefaultValueFactory = _ => 2 };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PFX certificate for https URLs (password from $SWEEP_TLS_PASSWORD)" };
        var command = new Command("coordinator", "Run the cluster coordinator (HTTP API for nodes and clients)")
        {
            db, listen, tokenFile, clientTokenFile, lease, heartbeat, tlsCert,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new CoordinatorOptions();
            options.Nodes.Lease = Seconds(parse.GetValue(lease), "--lease-seconds");
            options.Nodes.Heartbeat = Seconds(parse.GetValue(heartbeat), "--heartbeat-seconds");
            options.Nodes.MaxHold = options.Nodes.Heartbeat < options.Nodes.MaxHold ? options.Nodes.Heartbeat : options.Nodes.MaxHold;
            var server = new ServerOptions
            {
                Urls = [parse.GetValue(listen)!],
                ClusterToken = Tokens.Read(parse.GetValue(tokenFile), ClusterTokenVariable, "cluster token"),
                ClientToken = Tokens.Read(parse.GetValue(clientTokenFile), ClientTokenVariable, "client token"),
                TlsCertificatePath = parse.GetValue(tlsCert),
                TlsCertificatePassword = Environment.GetEnvironmentVariable("SWEEP_TLS_PASSWORD"),
            };
            var dbValue = parse.GetValue(db)!;
            var logFile = dbValue.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
                ? Path.ChangeExtension(Path.GetFullPath(dbValue["sqlite:".Length..]), ".log")
                : Path.GetFullPath("coordinator.log");
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            using var loggerFactory = CliLogging.Create(logFile);
            await using var store = await SweepStores.OpenAsync(dbValue, TimeProvider.System, CancellationToken.None);
            await using var host = await CoordinatorHost.StartAsync(store, options, TimeProvider.System, loggerFactory, CancellationToken.None);
            await using var api = await CoordinatorServer.StartAsync(host, server, TimeProvider.System, loggerFactory, CancellationToken.None);
            await output.WriteLineAsync($"listening on {string.Join(' ', api.Urls)}");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("stopping");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static TimeSpan Seconds(double value, string name) => value > 0
        ? TimeSpan.FromSeconds(value)
        : throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture, $"{name} must be positive, got {value}"));
}
