using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Keeps the query tables in step with the journal, inside the append transaction, by running the
/// steps of <see cref="QueryProjection"/> on statements compiled once for the connection.
/// </summary>
internal sealed class SqliteProjector : IDisposable
{
    private readonly SqliteStatement[] _statements;
    private readonly List<ProjectionStep> _steps = [];

    public SqliteProjector(SqliteConnection connection) =>
        _statements = QueryProjection.Statements.Select(s => new SqliteStatement(connection, s.Sql, s.Parameters)).ToArray();

    /// <summary>
    /// Applies one event of <paramref name="streamId"/> to the query tables. Returns false when the
    /// event is a repeated <see cref="MetricReported"/>, which the caller must then not journal.
    /// </summary>
    public bool Project(string streamId, SweepEvent e, long atMs)
    {
        _steps.Clear();
        // SQLite has no NaN (Microsoft.Data.Sqlite refuses to bind it): NaN is stored as NULL and the
        // readers turn a NULL metric value back into NaN. A NaN final metric reads back as null.
        QueryProjection.Plan(streamId, e, atMs, nanAsNull: true, _steps);
        foreach (var step in _steps)
        {
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
    }
}
