using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// A command kept for the life of its connection, so SQLite compiles the SQL once. Values bind
/// positionally to the parameter names given at construction; null binds as SQL NULL.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public SqliteStatement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _parameters[i] = _command.Parameters.Add(new SqliteParameter { ParameterName = parameterNames[i] });
        }
    }

    /// <summary>Runs the statement; returns the number of rows it changed.</summary>
    public int Execute(params object?[] values)
    {
        Bind(values);
        return _command.ExecuteNonQuery();
    }

    /// <summary>Runs the statement; returns the first column of the first row, or null.</summary>
    public object? Scalar(params object?[] values)
    {
        Bind(values);
        var result = _command.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    public void Dispose() => _command.Dispose();

    private void Bind(object?[] values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"Expected {_parameters.Length} values, got {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
