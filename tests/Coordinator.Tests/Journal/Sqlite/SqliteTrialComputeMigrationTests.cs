using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>Migration 4 (compute columns of the trials table) on a file written at schema version 3.</summary>
public sealed class SqliteTrialComputeMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task OpenAsync_Version3File_BackfillsTheOldComputeAndCountsNewAttemptsExactly()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString()))
        {
            connection.Open();
            SqliteConnections.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms INTEGER NOT NULL);");
            foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version <= 3))
            {
                SqliteConnections.Execute(connection, migration.Sql);
                SqliteConnections.Execute(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 0);");
            }

            SqliteConnections.Execute(connection, TrialComputeMigration.Version3Rows);
        }

        await using var store = await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));

        Assert.Equal([1L, 2L, 3L, 4L], SqliteSweepStoreTests.Query(_file.Path, "SELECT version FROM schema_version ORDER BY version;", r => r.GetInt64(0)));
        await TrialComputeMigration.AssertUpgradedAsync(store);
    }
}
