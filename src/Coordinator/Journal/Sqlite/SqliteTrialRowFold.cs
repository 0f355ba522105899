using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Coalesces the trial-row updates of one append: the fenced <c>UPDATE trials</c> steps that
/// <see cref="QueryProjection"/> plans for the events of a batch are folded per trial in memory and
/// written as ONE update per (trial, attempt) when the append ends (and index and count-trigger work
/// with it), instead of one update per event.
/// <para>
/// Why the result is the same: every folded statement is fenced by <c>attempt &lt;= @attempt</c> and
/// either sets <c>attempt = @attempt</c> or leaves it. For a run of steps of one trial with the same
/// attempt, the first step passes the fence exactly when every later one does, so either all apply
/// in order or none does; one update with the fence, setting each column to the value its last step
/// left, is that run. A step of another attempt first writes the trial's pending run. Statements
/// that touch trial rows otherwise (<see cref="ProjectionStatement.QueueTrial"/> of the trial,
/// <see cref="ProjectionStatement.CancelTrials"/> of every trial) are preceded by a write of what
/// they would see; rows of different trials are independent, so the order across trials is free.
/// The attempt's highest step (<c>attempt_step</c>) folds as the maximum of the run's steps, which
/// is what applying them one by one leaves.
/// </para>
/// </summary>
internal sealed class SqliteTrialRowFold : IDisposable
{
    private const string MergedSql = """
        UPDATE trials SET
            state = COALESCE(@state, state),
            attempt = COALESCE(@setAttempt, attempt),
            node_id = COALESCE(@node, node_id),
            step = COALESCE(@step, step),
            fraction = COALESCE(@fraction, fraction),
            last_metric_name = COALESCE(@name, last_metric_name),
            last_metric_value = CASE WHEN @name IS NULL THEN last_metric_value ELSE @value END,
            final_metric = CASE WHEN @setFinal = 1 THEN @final ELSE final_metric END,
            checkpoint = COALESCE(@checkpoint, checkpoint),
            reason = COALESCE(@reason, reason),
            attempt_step = CASE WHEN @reach > attempt_step THEN @reach ELSE attempt_step END,
            updated_at_ms = @at
        WHERE trial_id = @trial AND attempt <= @attempt;
        """;

    private static readonly string[] MergedParameters =
        ["@trial", "@attempt", "@setAttempt", "@state", "@node", "@step", "@fraction", "@name", "@value", "@setFinal", "@final", "@checkpoint", "@reason", "@reach", "@at"];

    private readonly SqliteStatement _merged;
    private readonly Dictionary<string, PendingTrialRow> _pending = new(StringComparer.Ordinal);
    private readonly object?[] _values = new object?[MergedParameters.Length];

    public SqliteTrialRowFold(SqliteConnection connection) => _merged = new SqliteStatement(connection, MergedSql, MergedParameters);

    /// <summary>Whether <paramref name="statement"/> is a fenced trial-row update this fold absorbs.</summary>
    public static bool Folds(ProjectionStatement statement) => statement is ProjectionStatement.SetTrialState
        or ProjectionStatement.AssignTrial or ProjectionStatement.PauseTrial or ProjectionStatement.FinishTrial
        or ProjectionStatement.CheckpointTrial or ProjectionStatement.MetricToTrial or ProjectionStatement.DecisionToTrial;

    /// <summary>Forgets pending rows without writing them (a new transaction begins).</summary>
    public void Clear() => _pending.Clear();

    /// <summary>Folds a step for which <see cref="Folds"/> holds into its trial's pending row.</summary>
    public void Add(ProjectionStep step)
    {
        var names = QueryProjection.Statements[(int)step.Statement].Parameters;
        object? Get(string name) => step.Values[Array.IndexOf(names, name)];

        var trialId = (string)Get("@trial")!;
        var attempt = Get("@attempt")!;
        if (_pending.TryGetValue(trialId, out var row) && !row.Attempt.Equals(attempt))
        {
            Write(trialId);
            row = null;
        }

        if (row is null)
        {
            row = new PendingTrialRow(trialId, attempt);
            _pending.Add(trialId, row);
        }

        row.At = Get("@at");
        if (Array.IndexOf(names, "@step") >= 0)
        {
            row.Reach = Math.Max(row.Reach, (long)Get("@step")!);
        }

        switch (step.Statement)
        {
            case ProjectionStatement.SetTrialState:
                row.State = Get("@state");
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.AssignTrial:
                row.State = "Assigned";
                row.Node = Get("@node");
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.PauseTrial:
                row.State = "Paused";
                row.Checkpoint = Get("@checkpoint") ?? row.Checkpoint;
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.FinishTrial:
                row.State = Get("@state");
                row.SetFinal = true;
                row.Final = Get("@final");
                row.Reason = Get("@message") ?? row.Reason;
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.CheckpointTrial:
                row.Checkpoint = Get("@checkpoint") ?? row.Checkpoint;
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.MetricToTrial:
                row.Step = Get("@step");
                row.Fraction = Get("@fraction");
                row.Name = Get("@name");
                row.Value = Get("@value");
                row.SetAttempt = attempt;
                break;
            case ProjectionStatement.DecisionToTrial:
                row.Reason = Get("@reason") ?? row.Reason;
                break;
            default:
                throw new ArgumentException($"{step.Statement} is not a trial-row update.", nameof(step));
        }
    }

    /// <summary>Writes the pending row of <paramref name="trialId"/>, if any.</summary>
    public void Write(string trialId)
    {
        if (_pending.Remove(trialId, out var row))
        {
            Execute(row);
        }
    }

    /// <summary>Writes every pending row.</summary>
    public void WriteAll()
    {
        foreach (var row in _pending.Values)
        {
            Execute(row);
        }

        _pending.Clear();
    }

    public void Dispose() => _merged.Dispose();

    private void Execute(PendingTrialRow row)
    {
        // A name without a metric value means NaN (bound NULL); only a row that saw a metric sets them.
        _values[0] = row.TrialId;
        _values[1] = row.Attempt;
        _values[2] = row.SetAttempt;
        _values[3] = row.State;
        _values[4] = row.Node;
        _values[5] = row.Step;
        _values[6] = row.Fraction;
        _values[7] = row.Name;
        _values[8] = row.Value;
        _values[9] = row.SetFinal ? 1 : 0;
        _values[10] = row.Final;
        _values[11] = row.Checkpoint;
        _values[12] = row.Reason;
        _values[13] = row.Reach;
        _values[14] = row.At;
        _merged.Execute(_values);
    }

    private sealed class PendingTrialRow(string trialId, object attempt)
    {
        public string TrialId { get; } = trialId;

        public object Attempt { get; } = attempt;

        public object? SetAttempt { get; set; }

        public object? State { get; set; }

        public object? Node { get; set; }

        public object? Step { get; set; }

        public object? Fraction { get; set; }

        public object? Name { get; set; }

        public object? Value { get; set; }

        public bool SetFinal { get; set; }

        public object? Final { get; set; }

        public object? Checkpoint { get; set; }

        public object? Reason { get; set; }

        /// <summary>Highest step of the run (0 when none: the attempt's step is never below 0).</summary>
        public long Reach { get; set; }

        public object? At { get; set; }
    }
}
