using Npgsql;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>
/// Every per-sweep, per-trial and per-stream statement the store runs can be served by an index, so
/// its cost does not grow with the rest of the history: with sequential scans disabled, no plan
/// falls back to one. (Whole-table listings — all sweeps, all nodes, all streams — are left out.)
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresIndexTests(PostgresServerFixture fixture)
{
    [ConditionalFact]
    public async Task Statements_WithSequentialScansDisabled_EveryPlanUsesAnIndex()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        await (await PostgresSweepStore.OpenAsync(database, TimeProvider.System)).DisposeAsync();
        var statements = new List<(string Sql, NpgsqlParameter[] Parameters)>
        {
            (PostgresSweepStore.ReadEventsSql, [new("stream", "s1"), new("from", 1L), new("to", 9L)]),
            (PostgresSweepStore.HighestSequenceSql, [new("stream", "s1")]),
            (PostgresSweepStore.LoadSnapshotSql, [new("stream", "s1")]),
            (PostgresSweepStore.TrialsSql, [new("sweep", "s1")]),
            (PostgresSweepStore.TrialsInStateSql, [new("sweep", "s1"), new("state", "Queued")]),
            (PostgresSweepStore.TrialSql, [new("trial", "s1/t")]),
            (PostgresSweepStore.MetricsSql, [new("trial", "s1/t")]),
            (PostgresSweepStore.SweepMetricsSql, [new("sweep", "s1")]),
            (PostgresSweepStore.DecisionsSql, [new("trial", "s1/t")]),
            (PostgresSweepStore.SweepCountsSql, [new("sweep", "s1")]),
            (PostgresSweepStore.SweepSql, [new("sweep", "s1")]),
            (PostgresSweepStore.TrialsChangedSinceSql, [new("sweep", "s1"), new("since", 7L)]),
            (PostgresJournalWriter.StoredMetricsSql,
                [new("trials", new[] { "s1/t" }), new("attempts", new[] { 1 }), new("steps", new[] { 1L }), new("names", new[] { "loss" })]),
        };
        statements.AddRange(TrialPageStatements());
        statements.AddRange(ProjectionStatements());

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var disable = new NpgsqlCommand("SET enable_seqscan = off;", connection))
        {
            await disable.ExecuteNonQueryAsync();
        }

        foreach (var (sql, parameters) in statements)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            explain.Parameters.AddRange(parameters);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            Assert.DoesNotContain("Seq Scan", sql + "\n" + string.Join("\n", plan));
        }
    }

    /// <summary>The count and page statements (by offset and after a trial) of a trial page, unfiltered and by state, by one seed, by both seeds.</summary>
    private static IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> TrialPageStatements()
    {
        TrialFilter[] filters = [new(), new(TrialState.Completed), new(null, 3), new(null, null, 4), new(TrialState.Queued, 3, 4)];
        foreach (var filter in filters)
        {
            var (where, named) = TrialPages.Where("s1", filter);
            NpgsqlParameter[] Parameters() => [.. named.Select(p => new NpgsqlParameter(p.Name, p.Value))];
            yield return (TrialPages.CountSql(filter, where), Parameters());
            yield return (PostgresSweepStore.TrialPageSql(where), [.. Parameters(), new("limit", (object)100), new("offset", (object)0)]);
            yield return (PostgresSweepStore.TrialPageSql(where, after: true), [.. Parameters(), new("limit", (object)100), new("after", (object)"s1/t")]);
        }
    }

    /// <summary>Each statement of the shared projection once, with the values an event of the life script gives it.</summary>
    private static IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> ProjectionStatements()
    {
        var steps = new List<ProjectionStep>();
        var events = SweepLifeScript.Steps.SelectMany(s => s)
            .Concat([new SweepCancelled("r"), new SweepCompleted(), new NodeJoined("n1", 1, "builtin"), new NodeLost("n1", "lease")]);
        foreach (var e in events)
        {
            QueryProjection.Plan(SweepLifeScript.SweepId, e, 1, 0, nanAsNull: false, steps);
        }

        var first = steps.DistinctBy(s => s.Statement).ToList();
        Assert.Equal(Enum.GetValues<ProjectionStatement>().Order(), first.Select(s => s.Statement).Order());
        return first.Select(step =>
        {
            var (sql, names) = QueryProjection.StatementsNumberedByPosition[(int)step.Statement];
            return (sql, names.Zip(step.Values, (name, value) => new NpgsqlParameter(name, value ?? DBNull.Value)).ToArray());
        });
    }
}
