using System.CommandLine;
using System.Globalization;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep coordinator --db sqlite:PATH|postgres://… --listen URL</c>: the cluster coordinator behind
/// its HTTP API, until Ctrl-C or SIGTERM. Prints <c>listening on URL</c> once it accepts requests.
/// On PostgreSQL several coordinators may share the database: one leads (prints <c>leading (epoch
/// N)</c>), the others are standbys (<c>standby; the leader is URL</c>) that take over when its lease
/// runs out (<see cref="ElectedCoordinator"/>). A SQLite file takes one coordinator: a second one is
/// refused (a lock file beside the database).
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
        var leaderLease = new Option<double>("--leader-lease-seconds")
        {
            Description = "PostgreSQL only: the leader's lease; a standby takes over this long after the leader stopped renewing",
            DefaultValueFactory = _ => 6,
        };
        var standbyPoll = new Option<double>("--standby-poll-seconds")
        {
            Description = "PostgreSQL only: how often a standby tries to take over",
            DefaultValueFactory = _ => 1,
        };
        var advertise = new Option<string?>("--advertise-url")
        {
            Description = "PostgreSQL only: the URL standbys name as the leader's when this one leads (default: the listen URL)",
        };
        var command = new Command("coordinator", "Run the cluster coordinator (HTTP API for nodes and clients)")
        {
            db, listen, tokenFile, clientTokenFile, lease, heartbeat, tlsCert, leaderLease, standbyPoll, advertise,
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
            var sqlitePath = IsPostgres(dbValue) ? null : Path.GetFullPath(dbValue.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? dbValue["sqlite:".Length..] : dbValue);
            var logFile = sqlitePath is not null ? Path.ChangeExtension(sqlitePath, ".log") : Path.GetFullPath("coordinator.log");
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            using var sqliteLock = sqlitePath is null ? null : LockSqlite(sqlitePath);
            using var loggerFactory = CliLogging.Create(logFile);
            await using var store = await SweepStores.OpenAsync(dbValue, TimeProvider.System, CancellationToken.None);
            if (store is PostgresSweepStore postgres)
            {
                var leadership = new LeadershipOptions
                {
                    Lease = Seconds(parse.GetValue(leaderLease), "--leader-lease-seconds"),
                    PollInterval = Seconds(parse.GetValue(standbyPoll), "--standby-poll-seconds"),
                };
                await RunElectedAsync(postgres, options, leadership, server, parse.GetValue(advertise), loggerFactory, output, ct);
                return ExitCodes.Ok;
            }

            await using var host = await CoordinatorHost.StartAsync(store, options, TimeProvider.System, loggerFactory, CancellationToken.None);
            await using var api = await CoordinatorServer.StartAsync(host, server, TimeProvider.System, loggerFactory, CancellationToken.None);
            await output.WriteLineAsync($"listening on {string.Join(' ', api.Urls)}");
            await output.FlushAsync(CancellationToken.None);
            await WaitForShutdownAsync(output, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A coordinator that leads or stands by; its API listens either way.</summary>
    private static async Task RunElectedAsync(
        PostgresSweepStore store, CoordinatorOptions options, LeadershipOptions leadership, ServerOptions server, string? advertise,
        Microsoft.Extensions.Logging.ILoggerFactory loggerFactory, TextWriter output, CancellationToken ct)
    {
        var gate = new Lock();
        void Report(string line)
        {
            lock (gate)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        await using var elected = new ElectedCoordinator(
            store, store.CreateLeaderElection(), options, leadership, TimeProvider.System, loggerFactory, Report);
        await using var api = await CoordinatorServer.StartAsync(elected.Role, store, server, TimeProvider.System, loggerFactory, CancellationToken.None);
        Report($"listening on {string.Join(' ', api.Urls)}");
        elected.Start(advertise ?? Advertised(api.Urls[0]));
        await WaitForShutdownAsync(output, ct);
    }

    private static async Task WaitForShutdownAsync(TextWriter output, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync("stopping");
        }
    }

    /// <summary>A bound URL others can use: a wildcard host is replaced by this machine's name.</summary>
    private static string Advertised(string bound)
    {
        var uri = new Uri(bound);
        return uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*"
            ? new UriBuilder(uri) { Host = Environment.MachineName }.Uri.ToString().TrimEnd('/')
            : bound.TrimEnd('/');
    }

    private static bool IsPostgres(string db) => db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// One coordinator per SQLite file: holds <c>FILE.coordinator.lock</c> exclusively (an OS file
    /// lock, released when the process dies, however it dies).
    /// </summary>
    private static FileStream LockSqlite(string path)
    {
        var lockPath = path + ".coordinator.lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new CliException(
                ExitCodes.BadInput,
                $"another coordinator is running on {path} (it holds {lockPath}). SQLite has no multi-coordinator mode: " +
                "run one coordinator per SQLite file, or use --db postgres://… to run standby coordinators");
        }
    }

    private static TimeSpan Seconds(double value, string name) => value > 0
        ? TimeSpan.FromSeconds(value)
        : throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture, $"{name} must be positive, got {value}"));
}
