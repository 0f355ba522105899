using Npgsql;
using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>Migration 4 (compute columns of the trials table) on a database written at schema version 3.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresTrialComputeMigrationTests(PostgresServerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [ConditionalFact]
    public async Task OpenAsync_Version3Database_BackfillsTheOldComputeAndCountsNewAttemptsExactly()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, applied_at_ms bigint NOT NULL);");
            foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version <= 3))
            {
                await ExecuteAsync(connection, migration.Sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 0);");
            }

            await ExecuteAsync(connection, TrialComputeMigration.Version3Rows);
        }

        await using var store = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));

        Assert.Equal([1, 2, 3, 4], await PostgresQuery.ListAsync(database, "SELECT version FROM schema_version ORDER BY version;", r => r.GetInt32(0)));
        await TrialComputeMigration.AssertUpgradedAsync(store);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
