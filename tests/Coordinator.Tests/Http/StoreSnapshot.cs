using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>Everything the query tables hold about one sweep, as comparable text (node rows excluded: syncs renew leases).</summary>
internal static class StoreSnapshot
{
    public static async Task<string> TakeAsync(IQueryStore store, string sweepId)
    {
        var lines = new List<string>();
        var sweep = await store.GetSweepAsync(sweepId);
        lines.Add(sweep is null ? "no sweep" : $"{sweep.SweepId} {sweep.Status} {sweep.TrialCount} {string.Join(',', sweep.Counts.OrderBy(c => c.Key).Select(c => c.Value))} {sweep.UpdatedAt:O}");
        foreach (var t in await store.ListTrialsAsync(sweepId))
        {
            lines.Add(t.ToString());
            lines.AddRange((await store.ListDecisionsAsync(t.TrialId)).Select(d => d.ToString()));
        }

        lines.AddRange((await store.ListSweepMetricsAsync(sweepId)).Select(m => m.ToString()));
        return string.Join('\n', lines);
    }
}
