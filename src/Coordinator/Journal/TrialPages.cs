namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// SQL of <see cref="IQueryStore.ListTrialsPageAsync"/> and <see cref="IQueryStore.ListTrialsPageAfterAsync"/>
/// shared by the SQL backends (both accept <c>@name</c> parameters). The total comes from the
/// trigger-kept <c>sweep_counts</c> unless a seed is filtered; then it is a COUNT over that seed's
/// trials only (indexed by sweep and seed). A page reads one row more than it returns, which tells
/// whether another page follows (<see cref="TrialRowPage.Next"/>).
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

    /// <summary>
    /// A page of <paramref name="columns"/> of the trials matching <paramref name="where"/>: after
    /// <c>@offset</c> trials, or with <paramref name="after"/> after trial <c>@after</c> in expansion
    /// order. A keyset page looks the ordinal up by the unique trial id and is then a range of the
    /// index the filter uses (each ends with the ordinal), not a skip. Reads at most <c>@limit</c>.
    /// </summary>
    public static string PageSql(string columns, string where, bool after) => after
        ? $"SELECT {columns} FROM trials WHERE {where} AND ordinal > (SELECT a.ordinal FROM trials a WHERE a.trial_id = @after AND a.sweep_id = @sweep) ORDER BY ordinal LIMIT @limit;"
        : $"SELECT {columns} FROM trials WHERE {where} ORDER BY ordinal LIMIT @limit OFFSET @offset;";

    /// <summary>The value to bind to <c>@limit</c> for a page of <paramref name="limit"/> trials.</summary>
    public static long RowsToRead(int limit) => limit + 1L;

    /// <summary>The page made of <paramref name="rows"/>, read with <see cref="RowsToRead"/>(<paramref name="limit"/>).</summary>
    public static TrialRowPage Page(int total, IReadOnlyList<TrialRow> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new TrialRowPage(total, rows, null);
        }

        var items = rows.Take(limit).ToList();
        return new TrialRowPage(total, items, items.Count == 0 ? null : items[^1].TrialId);
    }

    /// <summary>How many trials match: from the per-state counts when no seed is filtered.</summary>
    public static string CountSql(TrialFilter filter, string where) =>
        filter.InitSeed is null && filter.OrderSeed is null
            ? $"SELECT COALESCE(SUM(trials), 0) FROM sweep_counts WHERE sweep_id = @sweep{(filter.State is null ? "" : " AND state = @state")};"
            : $"SELECT COUNT(*) FROM trials WHERE {where};";
}
