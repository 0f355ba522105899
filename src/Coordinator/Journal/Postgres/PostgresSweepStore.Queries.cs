using System.Data;
using Npgsql;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

// IQueryStore: the query tables. Each call is one statement (one snapshot), except sweeps, whose
// counts and rows are read in one repeatable-read transaction.
public sealed partial class PostgresSweepStore
{
    private const string SweepColumns = "sweep_id, name, status, trial_count, submitted_at_ms, updated_at_ms, spec_yaml";

    private const string TrialColumns = """
        trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, node_id, step, fraction,
        last_metric_name, last_metric_value, final_metric, checkpoint, reason, updated_at_ms,
        prior_compute_steps + attempt_step - resume_step
        """;

    private const string MetricColumns = "m.trial_id, m.attempt, m.step, m.fraction, m.name, m.value";

    internal const string TrialsSql = $"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep ORDER BY ordinal;";

    internal const string TrialsInStateSql = $"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep AND state = @state ORDER BY ordinal;";

    internal const string TrialSql = $"SELECT {TrialColumns} FROM trials WHERE trial_id = @trial;";

    internal const string MetricsSql = $"SELECT {MetricColumns} FROM metrics m WHERE m.trial_id = @trial ORDER BY m.attempt, m.step, m.name;";

    internal const string SweepMetricsSql = $"""
        SELECT {MetricColumns} FROM trials t JOIN metrics m ON m.trial_id = t.trial_id
        WHERE t.sweep_id = @sweep ORDER BY t.ordinal, m.attempt, m.step, m.name;
        """;

    internal const string DecisionsSql =
        "SELECT trial_id, attempt, policy, action, reason, evidence_json, at_ms FROM decisions WHERE trial_id = @trial ORDER BY id;";

    internal const string SweepCountsSql = "SELECT sweep_id, state, trials FROM sweep_counts WHERE sweep_id = @sweep;";

    internal const string SweepSql = $"SELECT {SweepColumns} FROM sweeps WHERE sweep_id = @sweep;";

    /// <inheritdoc />
    public Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken cancellationToken = default) =>
        ReadSweepsAsync(null, cancellationToken);

    /// <inheritdoc />
    public async Task<SweepRow?> GetSweepAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        var rows = await ReadSweepsAsync(sweepId, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        return state is null
            ? ListAsync(TrialsSql, [new("sweep", sweepId)], ReadTrial, cancellationToken)
            : ListAsync(TrialsInStateSql, [new("sweep", sweepId), new("state", state.Value.ToString())], ReadTrial, cancellationToken);
    }

    /// <summary>A page of trials matching <paramref name="where"/> (from <see cref="TrialPages.Where"/>).</summary>
    internal static string TrialPageSql(string where) => $"SELECT {TrialColumns} FROM trials WHERE {where} ORDER BY ordinal LIMIT @limit OFFSET @offset;";

    /// <inheritdoc />
    public async Task<TrialRow?> GetTrialAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        var rows = await ListAsync(TrialSql, [new("trial", trialId)], ReadTrial, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<TrialRowPage> ListTrialsPageAsync(string sweepId, TrialFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ThrowIfDisposed();
        var (where, named) = TrialPages.Where(sweepId, filter);
        NpgsqlParameter[] Parameters() => [.. named.Select(p => new NpgsqlParameter(p.Name, p.Value))];

        // Count and page in one snapshot, as the SQLite store reads them.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        int total;
        await using (var count = new NpgsqlCommand(TrialPages.CountSql(filter, where), connection))
        {
            count.Parameters.AddRange(Parameters());
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var page = new NpgsqlCommand(TrialPageSql(where), connection);
        page.Parameters.AddRange(Parameters());
        page.Parameters.Add(new("limit", limit));
        page.Parameters.Add(new("offset", offset));
        var items = await ReadAllAsync(page, ReadTrial, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TrialRowPage(total, items);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricRow>> ListMetricsAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        return ListAsync(MetricsSql, [new("trial", trialId)], ReadMetric, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricRow>> ListSweepMetricsAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        return ListAsync(SweepMetricsSql, [new("sweep", sweepId)], ReadMetric, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionRow>> ListDecisionsAsync(string trialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        return ListAsync(DecisionsSql, [new("trial", trialId)],
            r => new DecisionRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), Time(r.GetInt64(6))),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeRow>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        ListAsync("SELECT node_id, slots, runners, state, last_seen_ms FROM nodes ORDER BY node_id;", [],
            r => new NodeRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Time(r.GetInt64(4))), cancellationToken);

    private async Task<IReadOnlyList<SweepRow>> ReadSweepsAsync(string? sweepId, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, Dictionary<TrialState, int>>(StringComparer.Ordinal);
        await using (var command = SweepCommand(connection,
            sweepId is null ? "SELECT sweep_id, state, trials FROM sweep_counts;" : SweepCountsSql, sweepId))
        {
            foreach (var (sweep, state, count) in await ReadAllAsync(command, r => (r.GetString(0), r.GetString(1), r.GetInt32(2)), cancellationToken)
                .ConfigureAwait(false))
            {
                var sweepCounts = counts.TryGetValue(sweep, out var found) ? found : counts[sweep] = ZeroCounts();
                sweepCounts[Enum.Parse<TrialState>(state)] = count;
            }
        }

        await using var sweeps = SweepCommand(connection,
            sweepId is null ? $"SELECT {SweepColumns} FROM sweeps ORDER BY ordinal;" : SweepSql, sweepId);
        var rows = await ReadAllAsync(sweeps, r => new SweepRow(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
            counts.TryGetValue(r.GetString(0), out var c) ? c : ZeroCounts(),
            Time(r.GetInt64(4)), Time(r.GetInt64(5)), r.GetString(6)), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static NpgsqlCommand SweepCommand(NpgsqlConnection connection, string sql, string? sweepId)
    {
        var command = new NpgsqlCommand(sql, connection);
        if (sweepId is not null)
        {
            command.Parameters.Add(new("sweep", sweepId));
        }

        return command;
    }

    private static Dictionary<TrialState, int> ZeroCounts() => Enum.GetValues<TrialState>().ToDictionary(s => s, _ => 0);

    private static TrialRow ReadTrial(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), Enum.Parse<TrialState>(r.GetString(5)),
        r.GetInt32(6), NullableString(r, 7), r.GetInt64(8), r.GetDouble(9), r.GetInt64(16), NullableString(r, 10),
        r.IsDBNull(11) ? null : r.GetDouble(11), r.IsDBNull(12) ? null : r.GetDouble(12),
        NullableString(r, 13), NullableString(r, 14), Time(r.GetInt64(15)));

    private static MetricRow ReadMetric(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3), r.GetString(4), r.IsDBNull(5) ? double.NaN : r.GetDouble(5));

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
