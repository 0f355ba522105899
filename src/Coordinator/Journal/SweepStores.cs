namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Opens a store from a <c>--db</c> value: <c>sqlite:PATH</c> (or a bare path) for SQLite, and
/// <c>postgres://user:password@host:port/database?k=v</c> (or <c>postgresql://</c>, or an Npgsql
/// <c>Host=…;Database=…</c> string prefixed with <c>postgres:</c>) for PostgreSQL.
/// </summary>
public static class SweepStores
{
    /// <summary>Opens (creating or migrating) the store <paramref name="db"/> names.</summary>
    /// <exception cref="ArgumentException">The value names no known backend, or one this build lacks.</exception>
    public static async Task<ISweepStore> OpenAsync(string db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(db);
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return await PostgresSweepStore.OpenAsync(PostgresConnectionString(new Uri(db)), time, cancellationToken);
        }

        if (db.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
        {
            return await PostgresSweepStore.OpenAsync(db["postgres:".Length..], time, cancellationToken);
        }

        var path = db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? db["sqlite:".Length..] : db;
        if (path.Length == 0 || path.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unknown database '{db}': use sqlite:PATH or postgres://…");
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return await SqliteSweepStore.OpenAsync(full, time, cancellationToken);
    }

    /// <summary>Turns a <c>postgres://</c> URI into an Npgsql connection string.</summary>
    internal static string PostgresConnectionString(Uri uri)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }

        return builder.ConnectionString;
    }
}
