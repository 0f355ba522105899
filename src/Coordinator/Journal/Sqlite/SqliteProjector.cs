using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Keeps the query tables in step with the journal, inside the append transaction, by running the
/// steps of <see cref="QueryProjection"/> on statements compiled once for the connection. Trial-row
/// updates are coalesced per trial by <see cref="SqliteTrialRowFold"/>: call <see cref="Begin"/> when
/// the transaction starts and <see cref="Complete"/> before it commits.
/// </summary>
internal sealed class SqliteProjector : IDisposable
{
    private readonly SqliteStatement[] _statements;
    private readonly List<ProjectionStep> _steps = [];
    private readonly SqliteTrialRowFold _fold;

    public SqliteProjector(SqliteConnection connection)
    {
        _statements = QueryProjection.Statements.Select(s => new SqliteStatement(connection, s.Sql, s.Parameters)).ToArray();
        _fold = new SqliteTrialRowFold(connection);
    }

    /// <summary>A new append transaction begins: nothing of an earlier (rolled back) one is pending.</summary>
    public void Begin() => _fold.Clear();

    /// <summary>Writes the coalesced trial rows; the append's projection is then complete.</summary>
    public void Complete() => _fold.WriteAll();

    /// <summary>
    /// Applies one event of <paramref name="streamId"/>, to be journaled at <paramref name="sequence"/>,
    /// to the query tables. Returns false when the event is a repeated <see cref="MetricReported"/>,
    /// which the caller must then not journal (nothing then carries <paramref name="sequence"/>).
    /// </summary>
    public bool Project(string streamId, SweepEvent e, long sequence, long atMs)
    {
        _steps.Clear();
        // SQLite has no NaN (Microsoft.Data.Sqlite refuses to bind it): NaN is stored as NULL and the
        // readers turn a NULL metric value back into NaN. A NaN final metric reads back as null.
        QueryProjection.Plan(streamId, e, sequence, atMs, nanAsNull: true, _steps);
        foreach (var step in _steps)
        {
            if (SqliteTrialRowFold.Folds(step.Statement))
            {
                _fold.Add(step);
                continue;
            }

            // These read or replace trial rows: they must see the updates folded before them.
            if (step.Statement == ProjectionStatement.QueueTrial)
            {
                _fold.Write((string)step.Values[0]!);
            }
            else if (step.Statement == ProjectionStatement.CancelTrials)
            {
                _fold.WriteAll();
            }

            var changed = _statements[(int)step.Statement].Execute(step.Values);
            if (changed == 0 && step.Statement == ProjectionStatement.InsertMetric)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        _fold.Dispose();
    }
}
