using Microsoft.Data.Sqlite;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Keeps the query tables in step with the journal, inside the append transaction. Trial updates
/// are fenced by attempt: an event of an attempt older than the trial's current one changes
/// nothing in the trials table (its metric is still stored under its own attempt).
/// </summary>
internal sealed class SqliteProjector : IDisposable
{
    private const string TrialFence = "WHERE trial_id = $trial AND attempt <= $attempt";

    private readonly SqliteStatement _insertSweep;
    private readonly SqliteStatement _setSweepStatus;
    private readonly SqliteStatement _cancelTrials;
    private readonly SqliteStatement _queueTrial;
    private readonly SqliteStatement _setTrialState;
    private readonly SqliteStatement _assignTrial;
    private readonly SqliteStatement _pauseTrial;
    private readonly SqliteStatement _finishTrial;
    private readonly SqliteStatement _checkpointTrial;
    private readonly SqliteStatement _insertMetric;
    private readonly SqliteStatement _metricToTrial;
    private readonly SqliteStatement _insertDecision;
    private readonly SqliteStatement _decisionToTrial;
    private readonly SqliteStatement _joinNode;
    private readonly SqliteStatement _loseNode;

    public SqliteProjector(SqliteConnection connection)
    {
        _insertSweep = new(connection, """
            INSERT INTO sweeps (sweep_id, name, status, trial_count, spec_yaml, submitted_at_ms, updated_at_ms)
            VALUES ($sweep, $name, 'running', $count, $spec, $at, $at);
            """, "$sweep", "$name", "$count", "$spec", "$at");
        _setSweepStatus = new(connection,
            "UPDATE sweeps SET status = $status, updated_at_ms = $at WHERE sweep_id = $sweep;", "$sweep", "$status", "$at");
        _cancelTrials = new(connection, $"""
            UPDATE trials SET state = 'Cancelled', reason = $reason, updated_at_ms = $at
            WHERE sweep_id = $sweep AND state NOT IN ({string.Join(", ", TerminalStates)});
            """, "$sweep", "$reason", "$at");
        _queueTrial = new(connection, """
            INSERT INTO trials (trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, step, fraction, checkpoint, updated_at_ms)
            VALUES ($trial, $sweep, $config, $init, $order, 'Queued', $attempt, 0, 0, $resume, $at)
            ON CONFLICT (trial_id) DO UPDATE SET state = 'Queued', attempt = excluded.attempt, node_id = NULL,
                checkpoint = COALESCE(excluded.checkpoint, trials.checkpoint), updated_at_ms = excluded.updated_at_ms
            WHERE excluded.attempt >= trials.attempt;
            """, "$trial", "$sweep", "$config", "$init", "$order", "$attempt", "$resume", "$at");
        _setTrialState = new(connection,
            $"UPDATE trials SET state = $state, attempt = $attempt, updated_at_ms = $at {TrialFence};",
            "$trial", "$attempt", "$state", "$at");
        _assignTrial = new(connection,
            $"UPDATE trials SET state = 'Assigned', attempt = $attempt, node_id = $node, updated_at_ms = $at {TrialFence};",
            "$trial", "$attempt", "$node", "$at");
        _pauseTrial = new(connection, $"""
            UPDATE trials SET state = 'Paused', attempt = $attempt, checkpoint = COALESCE($checkpoint, checkpoint), updated_at_ms = $at
            {TrialFence};
            """, "$trial", "$attempt", "$checkpoint", "$at");
        _finishTrial = new(connection, $"""
            UPDATE trials SET state = $state, attempt = $attempt, final_metric = $final, reason = COALESCE($message, reason), updated_at_ms = $at
            {TrialFence};
            """, "$trial", "$attempt", "$state", "$final", "$message", "$at");
        _checkpointTrial = new(connection,
            $"UPDATE trials SET attempt = $attempt, checkpoint = $checkpoint, updated_at_ms = $at {TrialFence};",
            "$trial", "$attempt", "$checkpoint", "$at");
        // ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: only the idempotency key may be ignored;
        // a NOT NULL violation must still fail the batch.
        _insertMetric = new(connection, """
            INSERT INTO metrics (trial_id, attempt, step, name, fraction, value) VALUES ($trial, $attempt, $step, $name, $fraction, $value)
            ON CONFLICT (trial_id, attempt, step, name) DO NOTHING;
            """, "$trial", "$attempt", "$step", "$name", "$fraction", "$value");
        _metricToTrial = new(connection, $"""
            UPDATE trials SET attempt = $attempt, step = $step, fraction = $fraction, last_metric_name = $name,
                last_metric_value = $value, updated_at_ms = $at
            {TrialFence};
            """, "$trial", "$attempt", "$step", "$fraction", "$name", "$value", "$at");
        _insertDecision = new(connection, """
            INSERT INTO decisions (trial_id, attempt, policy, action, reason, evidence_json, at_ms)
            VALUES ($trial, $attempt, $policy, $action, $reason, $evidence, $at);
            """, "$trial", "$attempt", "$policy", "$action", "$reason", "$evidence", "$at");
        _decisionToTrial = new(connection,
            $"UPDATE trials SET reason = $reason, updated_at_ms = $at {TrialFence};", "$trial", "$attempt", "$reason", "$at");
        _joinNode = new(connection, """
            INSERT INTO nodes (node_id, slots, runners, state, last_seen_ms) VALUES ($node, $slots, $runners, 'alive', $at)
            ON CONFLICT (node_id) DO UPDATE SET slots = excluded.slots, runners = excluded.runners, state = 'alive',
                last_seen_ms = excluded.last_seen_ms;
            """, "$node", "$slots", "$runners", "$at");
        // last_seen stays the time the node was last heard from: a lease expiry is not a sighting.
        _loseNode = new(connection, "UPDATE nodes SET state = 'lost' WHERE node_id = $node;", "$node");
    }

    private static IEnumerable<string> TerminalStates =>
        Enum.GetValues<TrialState>().Where(s => s.IsTerminal()).Select(s => $"'{s}'");

    /// <summary>
    /// Applies one event of <paramref name="streamId"/> to the query tables. Returns false when the
    /// event is a repeated <see cref="MetricReported"/>, which the caller must then not journal.
    /// </summary>
    public bool Project(string streamId, SweepEvent e, long atMs)
    {
        switch (e)
        {
            case SweepSubmitted s:
                _insertSweep.Execute(s.SweepId, s.Name, s.TrialCount, s.SpecYaml, atMs);
                break;
            case TrialQueued q:
                _queueTrial.Execute(q.TrialId, streamId, q.ConfigIndex, q.InitSeed, q.OrderSeed, q.Attempt, q.ResumeFrom, atMs);
                break;
            case TrialAssigned a:
                _assignTrial.Execute(a.TrialId, a.Attempt, a.NodeId, atMs);
                break;
            case TrialStarted s:
                _setTrialState.Execute(s.TrialId, s.Attempt, nameof(TrialState.Running), atMs);
                break;
            case MetricReported m:
                return OnMetricReported(m, atMs);
            case TrialCheckpointed c:
                _checkpointTrial.Execute(c.TrialId, c.Attempt, c.Path, atMs);
                break;
            case TrialPaused p:
                _pauseTrial.Execute(p.TrialId, p.Attempt, p.Checkpoint, atMs);
                break;
            case DecisionMade d:
                _insertDecision.Execute(d.TrialId, d.Attempt, d.Policy, d.Action, d.Reason, d.EvidenceJson, atMs);
                _decisionToTrial.Execute(d.TrialId, d.Attempt, d.Reason, atMs);
                break;
            case TrialFinished f:
                _finishTrial.Execute(f.TrialId, f.Attempt, f.State.ToString(), f.FinalMetric is { } final ? Real(final) : null, f.Message, atMs);
                break;
            case TrialLost l:
                _setTrialState.Execute(l.TrialId, l.Attempt, nameof(TrialState.Lost), atMs);
                break;
            case SweepCancelled c:
                _setSweepStatus.Execute(streamId, "cancelled", atMs);
                _cancelTrials.Execute(streamId, c.Reason, atMs);
                break;
            case SweepCompleted:
                _setSweepStatus.Execute(streamId, "completed", atMs);
                break;
            case NodeJoined j:
                _joinNode.Execute(j.NodeId, j.Slots, j.Runners, atMs);
                break;
            case NodeLost l:
                _loseNode.Execute(l.NodeId);
                break;
            default:
                throw new NotSupportedException($"The SQLite projector has no rule for {e.GetType().Name}.");
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var statement in new[]
        {
            _insertSweep, _setSweepStatus, _cancelTrials, _queueTrial, _setTrialState, _assignTrial, _pauseTrial, _finishTrial,
            _checkpointTrial, _insertMetric, _metricToTrial, _insertDecision, _decisionToTrial, _joinNode, _loseNode,
        })
        {
            statement.Dispose();
        }
    }

    private bool OnMetricReported(MetricReported m, long atMs)
    {
        if (_insertMetric.Execute(m.TrialId, m.Attempt, m.Step, m.Name, m.Fraction, Real(m.Value)) == 0)
        {
            return false;
        }

        _metricToTrial.Execute(m.TrialId, m.Attempt, m.Step, m.Fraction, m.Name, Real(m.Value), atMs);
        return true;
    }

    // SQLite has no NaN (Microsoft.Data.Sqlite refuses to bind it): NaN is stored as NULL and the
    // readers turn a NULL metric value back into NaN. A NaN final metric reads back as null.
    private static object? Real(double value) => double.IsNaN(value) ? null : value;
}
