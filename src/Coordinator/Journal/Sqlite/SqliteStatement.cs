using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// One SQL statement compiled once for the life of its connection and run through SQLite's own API:
/// bound by parameter index, stepped, reset. This is the append hot path; going through
/// <see cref="SqliteCommand"/> instead costs a data reader, a statement iterator and a lookup of every
/// parameter by name on each execution, several times what SQLite itself spends. Values bind
/// positionally to the parameter names given at construction; null binds as SQL NULL. Errors surface
/// as <see cref="SqliteException"/>, as they do from Microsoft.Data.Sqlite.
/// Not thread-safe: the store serializes callers on the connection.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    public SqliteStatement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement, out var tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (_statement.IsInvalid || !string.IsNullOrWhiteSpace(tail))
        {
            _statement.Dispose();
            throw new ArgumentException($"Expected exactly one SQL statement: {sql}", nameof(sql));
        }

        _indexes = new int[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, parameterNames[i]);
            if (_indexes[i] == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"The statement has no parameter {parameterNames[i]}: {sql}", nameof(parameterNames));
            }
        }
    }

    /// <summary>Runs the statement; returns the number of rows it changed.</summary>
    public int Execute(params object?[] values)
    {
        Bind(values);
        Step();
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Runs the statement; returns the first column of the first row, or null.</summary>
    public object? Scalar(params object?[] values)
    {
        Bind(values);
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == SqliteDone)
            {
                return null;
            }

            if (rc != SqliteRow)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_column_type(_statement, 0) switch
            {
                raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, 0),
                raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, 0),
                raw.SQLITE_NULL => null,
                _ => raw.sqlite3_column_text(_statement, 0).utf8_to_string(),
            };
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Binds a value that is already UTF-8 text (a serialized event) to parameter <paramref name="position"/>.</summary>
    public void BindUtf8(int position, ReadOnlySpan<byte> utf8) =>
        Check(raw.sqlite3_bind_text(_statement, _indexes[position], utf8));

    /// <summary>
    /// Runs the statement with <paramref name="values"/> bound to every parameter except those at
    /// <paramref name="skip"/>, which the caller bound with <see cref="BindUtf8"/>; returns the rows changed.
    /// </summary>
    public int ExecuteBound(int skip, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i != skip)
            {
                BindValue(_indexes[i], values[i]);
            }
        }

        Step();
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Binds text to parameter <paramref name="position"/> (see <see cref="ExecuteBound()"/>).</summary>
    public void BindText(int position, string value) => Check(raw.sqlite3_bind_text(_statement, _indexes[position], value));

    /// <summary>Binds an integer to parameter <paramref name="position"/> (see <see cref="ExecuteBound()"/>).</summary>
    public void BindInt64(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, _indexes[position], value));

    /// <summary>Runs the statement with every parameter already bound one by one; returns the rows changed.</summary>
    public int ExecuteBound()
    {
        Step();
        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Step()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc is not (SqliteDone or SqliteRow))
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            // Reset at once: a statement left mid-step would hold its read snapshot open.
            raw.sqlite3_reset(_statement);
        }
    }

    private void Bind(object?[] values)
    {
        if (values.Length != _indexes.Length)
        {
            throw new ArgumentException($"Expected {_indexes.Length} values, got {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            BindValue(_indexes[i], values[i]);
        }
    }

    private void BindValue(int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        string s => raw.sqlite3_bind_text(_statement, index, s),
        long l => raw.sqlite3_bind_int64(_statement, index, l),
        int n => raw.sqlite3_bind_int64(_statement, index, n),
        double d => raw.sqlite3_bind_double(_statement, index, d),
        bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
        _ => throw new ArgumentException($"Cannot bind a {value.GetType().Name}.", nameof(value)),
    });

    private void Check(int rc)
    {
        if (rc != SqliteOk)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
