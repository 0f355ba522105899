namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// SQL of <see cref="IQueryStore.ListTrialsPageAsync"/> shared by the SQL backends (both accept
/// <c>@name</c> parameters). The total comes from the trigger-kept <c>sweep_counts</c> unless a seed
/// is filtered; then it is a COUNT over that seed's trials only (indexed by sweep and seed).
/// </summary>
internal static class TrialPages
{
    /// <summary>The WHERE clause selecting the filtered trials of a sweep, and its parameters (names without '@').</summary>
    public static (string Where, (string Name, object? Value)[] Parameters) Where(string sweepId, TrialFilter filter)
    {
        var where = "sweep_id = @sweep";
        var parameters = new List<(string, object?)> { ("sweep", sweepId) };
        if (filter.State is { } state)
        {
            where += " AND state = @state";
            parameters.Add(("state", state.ToString()));
        }

        if (filter.InitSeed is { } init)
        {
            where += " AND init_seed = @init";
            parameters.Add(("init", init));
        }

        if (filter.OrderSeed is { } order)
        {
            where += " AND order_seed = @order";
            parameters.Add(("order", order));
        }

        return (where, [.. parameters]);
    }

    /// <summary>How many trials match: from the per-state counts when no seed is filtered.</summary>
    public static string CountSql(TrialFilter filter, string where) =>
        filter.InitSeed is null && filter.OrderSeed is null
            ? $"SELECT COALESCE(SUM(trials), 0) FROM sweep_counts WHERE sweep_id = @sweep{(filter.State is null ? "" : " AND state = @state")};"
            : $"SELECT COUNT(*) FROM trials WHERE {where};";
}
