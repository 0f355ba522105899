using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Filters and paging of <c>GET /sweeps/{id}/trials</c>; order is expansion order. A page starts
/// after <see cref="Offset"/> trials, or (keyset paging) right after trial <see cref="After"/>.
/// </summary>
internal sealed record TrialQuery(TrialState? State, int? Init, int? Order, int Offset, string? After, int Limit, string? Error)
{
    public static TrialQuery Parse(string? state, int? init, int? order, int? offset, string? after, int? limit, int maxLimit)
    {
        TrialState? parsed = null;
        if (state is not null)
        {
            if (!Enum.TryParse<TrialState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return Invalid($"unknown state '{state}' (one of: {string.Join(", ", Enum.GetNames<TrialState>())})");
            }

            parsed = s;
        }

        var from = offset ?? 0;
        var count = limit ?? maxLimit;
        if (from < 0 || count < 1 || count > maxLimit)
        {
            return Invalid($"offset must be >= 0 and limit between 1 and {maxLimit}");
        }

        if (after is not null && (offset is not null || after.Length == 0))
        {
            return Invalid(after.Length == 0 ? "after must be a trial id" : "give either offset or after, not both");
        }

        return new TrialQuery(parsed, init, order, from, after, count, null);
    }

    /// <summary>The filter the store applies (paging and filtering run in the database).</summary>
    public TrialFilter Filter => new(State, Init, Order);

    private static TrialQuery Invalid(string error) => new(null, null, null, 0, null, 0, error);
}
