using Microsoft.Data.Sqlite;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

// IQueryStore: the query tables, read on the reader connection in one snapshot per call.
public sealed partial class SqliteSweepStore
{
    private const string SweepColumns = "sweep_id, name, status, trial_count, submitted_at_ms, updated_at_ms, spec_yaml";

    private const string TrialColumns = """
        trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, node_id, step, fraction,
        last_metric_name, last_metric_value, final_metric, checkpoint, reason, updated_at_ms,
        prior_compute_steps + attempt_step - resume_step
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(connection => ReadSweeps(connection, null), cancellationToken);

    /// <inheritdoc />
    public async Task<SweepRow?> GetSweepAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        var rows = await QueryAsync(connection => ReadSweeps(connection, sweepId), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection,
                $"SELECT {TrialColumns} FROM trials WHERE sweep_id = $sweep {(state is null ? "" : "AND state = $state")} ORDER BY ordinal;",
                ("$sweep", sweepId), ("$state", state?.ToString()));
            return ReadAll(command, ReadTrial);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TrialRow?> GetTrialAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        var rows = await QueryAsync(connection =>
        {
            using var command = Command(connection, $"SELECT {TrialColumns} FROM trials WHERE trial_id = $trial;", ("$trial", trialId));
            return ReadAll(command, ReadTrial);
        }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<TrialRowPage> ListTrialsPageAsync(string sweepId, TrialFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var (where, named) = TrialPages.Where(sweepId, filter);
        var parameters = named.Select(p => ("@" + p.Name, p.Value)).ToArray();
        return QueryAsync(connection =>
        {
            using var count = Command(connection, TrialPages.CountSql(filter, where), parameters);
            var total = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var page = Command(connection, $"SELECT {TrialColumns} FROM trials WHERE {where} ORDER BY ordinal LIMIT @limit OFFSET @offset;",
                [.. parameters, ("@limit", limit), ("@offset", offset)]);
            return new TrialRowPage(total, ReadAll(page, ReadTrial));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricRow>> ListMetricsAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection, """
                SELECT trial_id, attempt, step, fraction, name, value FROM metrics
                WHERE trial_id = $trial ORDER BY attempt, step, name;
                """, ("$trial", trialId));
            return ReadAll(command, ReadMetric);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricRow>> ListSweepMetricsAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection, """
                SELECT m.trial_id, m.attempt, m.step, m.fraction, m.name, m.value
                FROM trials t JOIN metrics m ON m.trial_id = t.trial_id
                WHERE t.sweep_id = $sweep ORDER BY t.ordinal, m.attempt, m.step, m.name;
                """, ("$sweep", sweepId));
            return ReadAll(command, ReadMetric);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionRow>> ListDecisionsAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        return QueryAsync(connection =>
        {
            using var command = Command(connection, """
                SELECT trial_id, attempt, policy, action, reason, evidence_json, at_ms FROM decisions
                WHERE trial_id = $trial ORDER BY id;
                """, ("$trial", trialId));
            return ReadAll(command, r => new DecisionRow(
                r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), Time(r.GetInt64(6))));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeRow>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(connection =>
        {
            using var command = Command(connection, "SELECT node_id, slots, runners, state, last_seen_ms FROM nodes ORDER BY node_id;");
            return ReadAll(command, r => new NodeRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Time(r.GetInt64(4))));
        }, cancellationToken);

    private static IReadOnlyList<SweepRow> ReadSweeps(SqliteConnection connection, string? sweepId)
    {
        var filter = sweepId is null ? "" : "WHERE sweep_id = $sweep";
        var counts = new Dictionary<string, Dictionary<TrialState, int>>(StringComparer.Ordinal);
        using (var command = Command(connection,
            $"SELECT sweep_id, state, trials FROM sweep_counts {filter};", ("$sweep", sweepId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var sweepCounts = counts.TryGetValue(reader.GetString(0), out var found) ? found : counts[reader.GetString(0)] = ZeroCounts();
                sweepCounts[Enum.Parse<TrialState>(reader.GetString(1))] = reader.GetInt32(2);
            }
        }

        using var sweeps = Command(connection, $"SELECT {SweepColumns} FROM sweeps {filter} ORDER BY ordinal;", ("$sweep", sweepId));
        return ReadAll(sweeps, r => new SweepRow(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
            counts.TryGetValue(r.GetString(0), out var c) ? c : ZeroCounts(),
            Time(r.GetInt64(4)), Time(r.GetInt64(5)), r.GetString(6)));
    }

    private static Dictionary<TrialState, int> ZeroCounts() => Enum.GetValues<TrialState>().ToDictionary(s => s, _ => 0);

    private static TrialRow ReadTrial(SqliteDataReader r)
    {
        var lastMetricName = r.IsDBNull(10) ? null : r.GetString(10);
        return new TrialRow(
            r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), Enum.Parse<TrialState>(r.GetString(5)),
            r.GetInt32(6), NullableString(r, 7), r.GetInt64(8), r.GetDouble(9), r.GetInt64(16), lastMetricName,
            // SQLite stores NaN as NULL: a metric name with no value was a NaN.
            lastMetricName is null ? null : r.IsDBNull(11) ? double.NaN : r.GetDouble(11),
            r.IsDBNull(12) ? null : r.GetDouble(12), NullableString(r, 13), NullableString(r, 14), Time(r.GetInt64(15)));
    }

    private static MetricRow ReadMetric(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3), r.GetString(4), r.IsDBNull(5) ? double.NaN : r.GetDouble(5));

    private static string? NullableString(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static IReadOnlyList<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
