using Npgsql;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Schema versioning: the scripts in <c>Postgres/Migrations</c> (embedded resources named
/// <c>NNNN_name.sql</c>) are applied in order at open, each recorded in <c>schema_version</c>, in
/// one transaction under an advisory lock so concurrent openers of a fresh database apply them once.
/// </summary>
internal static class PostgresSchema
{
    private const string ResourcePrefix = "SweepCluster.Coordinator.Journal.Postgres.Migrations.";

    /// <summary>Every known migration, ordered by version (1, 2, … with no gaps).</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } = MigrationScripts.Load(ResourcePrefix);

    /// <summary>The version a database has once every known migration is applied.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; returns the version it had before.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer build.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({PostgresLocks.Migration}, 0);", ct).ConfigureAwait(false);
        await ExecuteAsync(connection,
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, applied_at_ms bigint NOT NULL);", ct)
            .ConfigureAwait(false);
        int version;
        await using (var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection))
        {
            version = (int)(await current.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        if (version > LatestVersion)
        {
            var settings = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
            throw new InvalidOperationException(
                $"The journal database '{connection.Database}' on {settings.Host}:{settings.Port} has schema version {version}, but this build " +
                $"of SweepCluster knows versions up to {LatestVersion}. It was written by a newer SweepCluster: upgrade, or use another database.");
        }

        foreach (var migration in Migrations.Where(m => m.Version > version))
        {
            await ExecuteAsync(connection, migration.Sql, ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, applied_at_ms) VALUES (@version, @at);", connection)
            {
                Parameters = { new("version", migration.Version), new("at", time.GetUtcNow().ToUnixTimeMilliseconds()) },
            };
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return version;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
