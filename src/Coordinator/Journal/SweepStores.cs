namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Opens a store from a <c>--db</c> value: <c>sqlite:PATH</c> (or a bare path) for SQLite, and
/// <c>postgres://…</c> / <c>postgresql://…</c> for PostgreSQL once that backend is part of the build.
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
            // The PostgreSQL store plugs in here (PostgresSweepStore.OpenAsync).
            throw new ArgumentException("PostgreSQL is not available in this build; use --db sqlite:PATH");
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
}
