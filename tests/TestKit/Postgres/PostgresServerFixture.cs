using Xunit;

namespace SweepCluster.TestKit.Postgres;

/// <summary>
/// One throwaway <see cref="PostgresServer"/> shared by a test collection
/// (<c>ICollectionFixture&lt;PostgresServerFixture&gt;</c>); tests take a fresh database each with
/// <see cref="PostgresServer.CreateDatabaseAsync"/>. Starts nothing when the binaries are absent:
/// the tests then skip (<see cref="RequiresPostgresAttribute"/>) and never touch <see cref="Server"/>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">No server could be started here (the skip reason says why).</exception>
    public PostgresServer Server => _server ?? throw new InvalidOperationException(PostgresBinaries.SkipReason ?? "The server was not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (PostgresBinaries.SkipReason is null)
        {
            _server = await PostgresServer.StartAsync();
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
