using Npgsql;
using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>Migration 5 (trial change markers) on a database written at the version before it.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresChangeMarkersMigrationTests(PostgresServerFixture fixture)
{
    private const int MarkersVersion = 5;
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [ConditionalFact]
    public async Task OpenAsync_DatabaseOfThePreviousVersion_MarksOldRowsWithTheSweepsHighestAndNewChangesAboveIt()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, applied_at_ms bigint NOT NULL);");
            foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version < MarkersVersion))
            {
                await ExecuteAsync(connection, migration.Sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_version VALUES ({migration.Version}, 0);");
            }

            // Sweep s journaled up to 9; sweep t has a trial row but (damaged) no stream row.
            await ExecuteAsync(connection, """
                INSERT INTO streams (stream_id, highest_seq) VALUES ('s', 9);
                INSERT INTO trials (trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, step, fraction, updated_at_ms)
                VALUES ('s/c0-w1-d1', 's', 0, 1, 1, 'Running', 1, 0, 0, 5), ('s/c0-w2-d1', 's', 0, 2, 1, 'Queued', 1, 0, 0, 5),
                       ('t/c0-w1-d1', 't', 0, 1, 1, 'Queued', 1, 0, 0, 5);
                """);
        }

        await using var store = await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0));

        Assert.Equal([(MarkersVersion, T0.ToUnixTimeMilliseconds())], await PostgresQuery.ListAsync(database,
            $"SELECT version, applied_at_ms FROM schema_version WHERE version >= {MarkersVersion};", r => (r.GetInt32(0), r.GetInt64(1))));
        Assert.Equal(["s/c0-w1-d1|9", "s/c0-w2-d1|9", "t/c0-w1-d1|1"],
            await PostgresQuery.ListAsync(database, "SELECT trial_id, change_seq FROM trials ORDER BY ordinal;", r => $"{r.GetString(0)}|{r.GetInt64(1)}"));
        var all = await store.ListTrialsChangedSinceAsync("s", 0);
        Assert.Equal((9L, 2), (all.Through, all.Items.Count));

        Assert.Equal(10, await store.AppendAsync("s", [new TrialStarted("s/c0-w2-d1", 1)], T0));
        var changed = await store.ListTrialsChangedSinceAsync("s", all.Through);
        Assert.Equal(10, changed.Through);
        Assert.Equal(["s/c0-w2-d1"], changed.Items.Select(t => t.TrialId));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
