using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SweepCluster.TestKit.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for tests and benchmarks: <c>initdb</c> into a new directory
/// under the temp directory, <c>pg_ctl start</c> on a free port of 127.0.0.1 (its unix socket stays
/// in that directory), one fresh database per <see cref="CreateDatabaseAsync"/>; dispose stops it
/// (immediate shutdown) and deletes the directory. It never touches a system PostgreSQL service.
/// Creating a database costs about half a second on a busy machine, so most tests take a fresh
/// schema instead (<see cref="CreateSchemaAsync"/>, milliseconds); tests of database-wide things
/// such as advisory locks take a database.
/// <para>
/// Under root the programs run as the <c>postgres</c> OS user via <c>runuser -u postgres --</c>
/// (PostgreSQL refuses root), and the directory is then created by that user in <c>/tmp</c>.
/// Authentication is <c>trust</c> for connections from 127.0.0.1 only: the data is throwaway.
/// A cluster whose owning process died without disposing it (killed test run) is stopped and
/// deleted by the next <see cref="StartAsync"/>.
/// </para>
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string SchemasDatabase = "schemas";
    private readonly NpgsqlDataSource _admin;
    private readonly NpgsqlDataSource _schemasAdmin;
    private int _databases;
    private int _schemas;
    private bool _disposed;

    private PostgresServer(string root, int port)
    {
        RootDirectory = root;
        Port = port;
        _admin = NpgsqlDataSource.Create(ConnectionStringFor("postgres"));
        _schemasAdmin = NpgsqlDataSource.Create(ConnectionStringFor(SchemasDatabase));
    }

    /// <summary>The directory holding the cluster (<c>data/</c>), its log and its unix socket.</summary>
    public string RootDirectory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>
    /// Creates and starts a cluster. By default it trades durability for speed (<c>fsync</c>,
    /// <c>synchronous_commit</c> and <c>full_page_writes</c> off), which suits tests; with
    /// <paramref name="durable"/> it keeps PostgreSQL's defaults (benchmarks of commit cost).
    /// </summary>
    /// <exception cref="InvalidOperationException">The binaries are missing, or a program failed (its output and the server log are in the message).</exception>
    public static async Task<PostgresServer> StartAsync(bool durable = false, CancellationToken ct = default)
    {
        var bin = PostgresBinaries.SkipReason is { } reason ? throw new InvalidOperationException(reason) : PostgresBinaries.Directory!;
        var temp = PostgresBinaries.RunAsUser is null ? Path.GetTempPath() : "/tmp";
        await RemoveAbandonedAsync(temp, bin).ConfigureAwait(false);
        var root = Path.Combine(temp, DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        await CreateRootAsync(root, ct).ConfigureAwait(false);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            var data = Path.Combine(root, "data");
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], root, ct)
                .ConfigureAwait(false);
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), Settings(root, durable), ct).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                // Another process may take the port between our probe and the server's bind: retry on a new one.
                var port = FreePort();
                try
                {
                    await RunAsync(Path.Combine(bin, "pg_ctl"),
                        ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", $"-p {port}"], root, ct)
                        .ConfigureAwait(false);
                    var server = new PostgresServer(root, port);
                    await server.ExecuteScalarAsync($"CREATE DATABASE {SchemasDatabase};", ct).ConfigureAwait(false);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            await StopAndDeleteAsync(root, bin).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var name = $"db{Interlocked.Increment(ref _databases)}";
        await using var command = _admin.CreateCommand($"CREATE DATABASE {name};");
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Creates an empty schema in a database shared by every schema of this server and returns a
    /// connection string whose <c>search_path</c> is only that schema: unqualified tables are
    /// created and found there, so to a store it looks like an empty database. Advisory locks are
    /// database-wide, though: a test of them takes a database (<see cref="CreateDatabaseAsync"/>).
    /// </summary>
    public async Task<string> CreateSchemaAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var name = $"s{Interlocked.Increment(ref _schemas)}";
        await using var command = _schemasAdmin.CreateCommand($"CREATE SCHEMA {name};");
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return ConnectionStringFor(SchemasDatabase, name);
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser <c>postgres</c>, optionally with a search path.</summary>
    public string ConnectionStringFor(string database, string? searchPath = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        SearchPath = searchPath,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Runs a statement on the maintenance database (e.g. <c>pg_terminate_backend</c>); returns its first value.</summary>
    public async Task<object?> ExecuteScalarAsync(string sql, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var command = _admin.CreateCommand(sql);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops the server at once and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _schemasAdmin.DisposeAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        await StopAndDeleteAsync(RootDirectory, PostgresBinaries.Directory!).ConfigureAwait(false);
    }

    private static string Settings(string root, bool durable)
    {
        var settings = $"""

            # Added by SweepCluster's PostgresServer (throwaway test cluster).
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{root}'
            shared_buffers = 32MB
            max_connections = 200

            """;
        return durable ? settings : settings + """
            fsync = off
            synchronous_commit = off
            full_page_writes = off

            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
