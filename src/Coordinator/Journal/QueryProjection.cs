using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// How each event changes the query tables, shared by every SQL backend: <see cref="Statements"/>
/// is SQL that SQLite and PostgreSQL both accept (named <c>@</c> parameters, <c>ON CONFLICT</c>
/// upserts, times as unix milliseconds) over the same table and column names, and
/// <see cref="Plan"/> lists the steps one event takes. A backend prepares each statement once and
/// runs the steps in order inside its append transaction.
/// <para>
/// Trial updates are fenced by attempt: an event of an attempt older than the trial's current one
/// changes nothing in the trials table (its metric is still stored under its own attempt). A
/// <see cref="MetricReported"/> plans <see cref="ProjectionStatement.InsertMetric"/> first; when that
/// changes no row the metric is already stored, and the backend must skip the event's other steps
/// and not journal it.
/// </para>
/// <para>
/// Compute per trial, exactly across attempts: <c>resume_step</c> is the step the current attempt
/// resumed from, <c>attempt_step</c> the highest step it reached (its metrics, checkpoint, pause,
/// end or loss; never below <c>resume_step</c>), and <c>prior_compute_steps</c> the steps spent by
/// the attempts it superseded. The trial's compute is <c>prior_compute_steps + attempt_step −
/// resume_step</c>. Each requeue (lost node, a pause resumed by a policy, a resumed sweep, a
/// node that stopped it unasked) closes the current attempt into <c>prior_compute_steps</c> exactly
/// once, because only a <see cref="TrialQueued"/> of a newer attempt does it.
/// </para>
/// </summary>
internal static class QueryProjection
{
    private const string TrialFence = "WHERE trial_id = @trial AND attempt <= @attempt";

    /// <summary>The attempt's highest step after one that reached <c>@step</c> (CASE, not MAX/GREATEST: both dialects).</summary>
    private const string Reach = "attempt_step = CASE WHEN @step > attempt_step THEN @step ELSE attempt_step END";

    /// <summary>SQL and parameter names of each <see cref="ProjectionStatement"/>, indexed by its value.</summary>
    public static IReadOnlyList<(string Sql, string[] Parameters)> Statements { get; } = BuildStatements();

    private static IEnumerable<string> TerminalStates =>
        Enum.GetValues<TrialState>().Where(s => s.IsTerminal()).Select(s => $"'{s}'");

    /// <summary>
    /// Appends to <paramref name="steps"/> what <paramref name="e"/>, journaled on
    /// <paramref name="streamId"/> at <paramref name="atMs"/>, does to the query tables. With
    /// <paramref name="nanAsNull"/> a NaN metric value binds as NULL (for SQLite, which has no NaN).
    /// </summary>
    public static void Plan(string streamId, SweepEvent e, long atMs, bool nanAsNull, List<ProjectionStep> steps)
    {
        object? Real(double value) => nanAsNull && double.IsNaN(value) ? null : value;

        void Add(ProjectionStatement statement, params object?[] values) => steps.Add(new(statement, values));

        switch (e)
        {
            case SweepSubmitted s:
                Add(ProjectionStatement.InsertSweep, s.SweepId, s.Name, s.TrialCount, s.SpecYaml, atMs);
                break;
            case TrialQueued q:
                Add(ProjectionStatement.QueueTrial, q.TrialId, streamId, q.ConfigIndex, q.InitSeed, q.OrderSeed, q.Attempt, q.ResumeFrom, q.ResumeStep, atMs);
                break;
            case TrialAssigned a:
                Add(ProjectionStatement.AssignTrial, a.TrialId, a.Attempt, a.NodeId, atMs);
                break;
            case TrialStarted s:
                Add(ProjectionStatement.SetTrialState, s.TrialId, s.Attempt, nameof(TrialState.Running), 0L, atMs);
                break;
            case MetricReported m:
                Add(ProjectionStatement.InsertMetric, m.TrialId, m.Attempt, m.Step, m.Name, m.Fraction, Real(m.Value));
                Add(ProjectionStatement.MetricToTrial, m.TrialId, m.Attempt, m.Step, m.Fraction, m.Name, Real(m.Value), atMs);
                break;
            case TrialCheckpointed c:
                Add(ProjectionStatement.CheckpointTrial, c.TrialId, c.Attempt, c.Path, c.Step, atMs);
                break;
            case TrialPaused p:
                Add(ProjectionStatement.PauseTrial, p.TrialId, p.Attempt, p.Checkpoint, p.Step, atMs);
                break;
            case DecisionMade d:
                Add(ProjectionStatement.InsertDecision, d.TrialId, d.Attempt, d.Policy, d.Action, d.Reason, d.EvidenceJson, atMs);
                Add(ProjectionStatement.DecisionToTrial, d.TrialId, d.Attempt, d.Reason, atMs);
                break;
            case TrialFinished f:
                Add(ProjectionStatement.FinishTrial, f.TrialId, f.Attempt, f.State.ToString(), f.FinalMetric is { } final ? Real(final) : null, f.Message, f.Steps, atMs);
                break;
            case TrialLost l:
                Add(ProjectionStatement.SetTrialState, l.TrialId, l.Attempt, nameof(TrialState.Lost), l.Step, atMs);
                break;
            case SweepCancelled c:
                Add(ProjectionStatement.SetSweepStatus, streamId, "cancelled", atMs);
                Add(ProjectionStatement.CancelTrials, streamId, c.Reason, atMs);
                break;
            case SweepResumed:
                // The trials it reopens are requeued by the TrialQueued events of the same append.
                Add(ProjectionStatement.SetSweepStatus, streamId, "running", atMs);
                break;
            case SweepCompleted:
                Add(ProjectionStatement.SetSweepStatus, streamId, "completed", atMs);
                break;
            case NodeJoined j:
                Add(ProjectionStatement.JoinNode, j.NodeId, j.Slots, j.Runners, atMs);
                break;
            case NodeLost l:
                Add(ProjectionStatement.LoseNode, l.NodeId);
                break;
            default:
                throw new NotSupportedException($"The query projection has no rule for {e.GetType().Name}.");
        }
    }

    private static (string Sql, string[] Parameters)[] BuildStatements()
    {
        var statements = new (string Sql, string[] Parameters)[Enum.GetValues<ProjectionStatement>().Length];

        void Define(ProjectionStatement statement, string sql, params string[] parameters) => statements[(int)statement] = (sql, parameters);

        Define(ProjectionStatement.InsertSweep, """
            INSERT INTO sweeps (sweep_id, name, status, trial_count, spec_yaml, submitted_at_ms, updated_at_ms)
            VALUES (@sweep, @name, 'running', @count, @spec, @at, @at);
            """, "@sweep", "@name", "@count", "@spec", "@at");
        Define(ProjectionStatement.SetSweepStatus,
            "UPDATE sweeps SET status = @status, updated_at_ms = @at WHERE sweep_id = @sweep;", "@sweep", "@status", "@at");
        Define(ProjectionStatement.CancelTrials, $"""
            UPDATE trials SET state = 'Cancelled', reason = @reason, updated_at_ms = @at
            WHERE sweep_id = @sweep AND state NOT IN ({string.Join(", ", TerminalStates)});
            """, "@sweep", "@reason", "@at");
        // A newer attempt closes the current one: it spent from its resume step to the highest step
        // it reached, or to the new resume step when that is higher (a checkpoint it wrote as it
        // stopped, reported only with its end: older attempts' checkpoints lie at or before its own
        // resume step). Every right-hand side reads the row as it was before the update.
        Define(ProjectionStatement.QueueTrial, """
            INSERT INTO trials (trial_id, sweep_id, config_index, init_seed, order_seed, state, attempt, step, fraction, checkpoint,
                resume_step, attempt_step, prior_compute_steps, updated_at_ms)
            VALUES (@trial, @sweep, @config, @init, @order, 'Queued', @attempt, 0, 0, @resume, @resumeStep, @resumeStep, 0, @at)
            ON CONFLICT (trial_id) DO UPDATE SET state = 'Queued', attempt = excluded.attempt, node_id = NULL,
                checkpoint = COALESCE(excluded.checkpoint, trials.checkpoint),
                prior_compute_steps = CASE WHEN excluded.attempt > trials.attempt
                    THEN trials.prior_compute_steps - trials.resume_step
                        + CASE WHEN excluded.resume_step > trials.attempt_step THEN excluded.resume_step ELSE trials.attempt_step END
                    ELSE trials.prior_compute_steps END,
                resume_step = CASE WHEN excluded.attempt > trials.attempt THEN excluded.resume_step ELSE trials.resume_step END,
                attempt_step = CASE WHEN excluded.attempt > trials.attempt THEN excluded.resume_step ELSE trials.attempt_step END,
                updated_at_ms = excluded.updated_at_ms
            WHERE excluded.attempt >= trials.attempt;
            """, "@trial", "@sweep", "@config", "@init", "@order", "@attempt", "@resume", "@resumeStep", "@at");
        Define(ProjectionStatement.SetTrialState,
            $"UPDATE trials SET state = @state, attempt = @attempt, {Reach}, updated_at_ms = @at {TrialFence};",
            "@trial", "@attempt", "@state", "@step", "@at");
        Define(ProjectionStatement.AssignTrial,
            $"UPDATE trials SET state = 'Assigned', attempt = @attempt, node_id = @node, updated_at_ms = @at {TrialFence};",
            "@trial", "@attempt", "@node", "@at");
        Define(ProjectionStatement.PauseTrial, $"""
            UPDATE trials SET state = 'Paused', attempt = @attempt, checkpoint = COALESCE(@checkpoint, checkpoint), {Reach}, updated_at_ms = @at
            {TrialFence};
            """, "@trial", "@attempt", "@checkpoint", "@step", "@at");
        Define(ProjectionStatement.FinishTrial, $"""
            UPDATE trials SET state = @state, attempt = @attempt, final_metric = @final, reason = COALESCE(@message, reason), {Reach},
                updated_at_ms = @at
            {TrialFence};
            """, "@trial", "@attempt", "@state", "@final", "@message", "@step", "@at");
        Define(ProjectionStatement.CheckpointTrial,
            $"UPDATE trials SET attempt = @attempt, checkpoint = @checkpoint, {Reach}, updated_at_ms = @at {TrialFence};",
            "@trial", "@attempt", "@checkpoint", "@step", "@at");
        // ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: only the idempotency key may be ignored;
        // a NOT NULL violation must still fail the batch.
        Define(ProjectionStatement.InsertMetric, """
            INSERT INTO metrics (trial_id, attempt, step, name, fraction, value) VALUES (@trial, @attempt, @step, @name, @fraction, @value)
            ON CONFLICT (trial_id, attempt, step, name) DO NOTHING;
            """, "@trial", "@attempt", "@step", "@name", "@fraction", "@value");
        Define(ProjectionStatement.MetricToTrial, $"""
            UPDATE trials SET attempt = @attempt, step = @step, fraction = @fraction, last_metric_name = @name,
                last_metric_value = @value, {Reach}, updated_at_ms = @at
            {TrialFence};
            """, "@trial", "@attempt", "@step", "@fraction", "@name", "@value", "@at");
        Define(ProjectionStatement.InsertDecision, """
            INSERT INTO decisions (trial_id, attempt, policy, action, reason, evidence_json, at_ms)
            VALUES (@trial, @attempt, @policy, @action, @reason, @evidence, @at);
            """, "@trial", "@attempt", "@policy", "@action", "@reason", "@evidence", "@at");
        Define(ProjectionStatement.DecisionToTrial,
            $"UPDATE trials SET reason = @reason, updated_at_ms = @at {TrialFence};", "@trial", "@attempt", "@reason", "@at");
        Define(ProjectionStatement.JoinNode, """
            INSERT INTO nodes (node_id, slots, runners, state, last_seen_ms) VALUES (@node, @slots, @runners, 'alive', @at)
            ON CONFLICT (node_id) DO UPDATE SET slots = excluded.slots, runners = excluded.runners, state = 'alive',
                last_seen_ms = excluded.last_seen_ms;
            """, "@node", "@slots", "@runners", "@at");
        // last_seen stays the time the node was last heard from: a lease expiry is not a sighting.
        Define(ProjectionStatement.LoseNode, "UPDATE nodes SET state = 'lost' WHERE node_id = @node;", "@node");
        return statements;
    }
}
