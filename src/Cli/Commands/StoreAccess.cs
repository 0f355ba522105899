using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Cli.Commands;

/// <summary>Opens the embedded store for the query commands.</summary>
internal static class StoreAccess
{
    /// <summary>Opens an existing database (a query never creates one).</summary>
    public static async Task<SqliteSweepStore> OpenExistingAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.StoreError, $"no database at {path} (run a sweep first, or pass --db)");
        }

        return await SqliteSweepStore.OpenAsync(path, TimeProvider.System, cancellationToken);
    }

    /// <summary>The named sweep, or the most recent one when no name is given.</summary>
    public static async Task<SweepRow> FindSweepAsync(IQueryStore store, string? sweepId, CancellationToken cancellationToken)
    {
        if (sweepId is not null)
        {
            return await store.GetSweepAsync(sweepId, cancellationToken)
                ?? throw new CliException(ExitCodes.StoreError, $"no sweep '{sweepId}' in this database");
        }

        var all = await store.ListSweepsAsync(cancellationToken);
        return all.Count > 0 ? all[^1] : throw new CliException(ExitCodes.StoreError, "this database has no sweeps yet");
    }
}
