using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Schema versioning: the scripts in <c>Sqlite/Migrations</c> (embedded resources named
/// <c>NNNN_name.sql</c>) are applied in order at open, each recorded in <c>schema_version</c>, all
/// in one write transaction so concurrent openers of a fresh file apply them exactly once.
/// </summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "SweepCluster.Coordinator.Journal.Sqlite.Migrations.";

    /// <summary>Every known migration, ordered by version (1, 2, … with no gaps).</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } = MigrationScripts.Load(ResourcePrefix);

    /// <summary>The version a database has once every known migration is applied.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; returns the version it had before.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer build.</exception>
    public static int Migrate(SqliteConnection connection, string path, TimeProvider time) =>
        SqliteConnections.InWriteTransaction(connection, () =>
        {
            SqliteConnections.Execute(connection,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms INTEGER NOT NULL);");
            using var current = new SqliteStatement(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;");
            var version = Convert.ToInt32(current.Scalar(), CultureInfo.InvariantCulture);
            if (version > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The journal database '{path}' has schema version {version}, but this build of SweepCluster " +
                    $"knows versions up to {LatestVersion}. It was written by a newer SweepCluster: upgrade, or use another file.");
            }

            using var record = new SqliteStatement(connection,
                "INSERT INTO schema_version (version, applied_at_ms) VALUES ($version, $at);", "$version", "$at");
            foreach (var migration in Migrations.Where(m => m.Version > version))
            {
                SqliteConnections.Execute(connection, migration.Sql);
                record.Execute(migration.Version, time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            return version;
        });
}
