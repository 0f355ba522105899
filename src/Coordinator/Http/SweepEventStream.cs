using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// <c>GET /sweeps/{id}/events</c>: server-sent events, one <c>data:</c> line per changed sweep or
/// trial row. It polls the query tables (cheap, and correct across coordinator restarts): the first
/// pass sends every row, later passes only rows that changed. The stream ends after the sweep is no
/// longer running.
/// </summary>
internal static class SweepEventStream
{
    public static async Task WriteAsync(HttpContext context, IQueryStore store, string sweepId, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        if (await store.GetSweepAsync(sweepId, ct) is null)
        {
            await ApiResults.Error(StatusCodes.Status404NotFound, $"no sweep '{sweepId}'").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var seen = new Dictionary<string, TrialRow>(StringComparer.Ordinal);
        SweepRow? lastSweep = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var sweep = await store.GetSweepAsync(sweepId, ct);
                foreach (var trial in await store.ListTrialsAsync(sweepId, null, ct))
                {
                    if (!seen.TryGetValue(trial.TrialId, out var before) || !SameTrial(before, trial))
                    {
                        seen[trial.TrialId] = trial;
                        await SendAsync(context, new SweepChange("trial", null, trial), ct);
                    }
                }

                if (sweep is not null && (lastSweep is null || lastSweep.Status != sweep.Status || lastSweep.UpdatedAt != sweep.UpdatedAt))
                {
                    lastSweep = sweep;
                    await SendAsync(context, new SweepChange("sweep", sweep, null), ct);
                }

                if (sweep is null || sweep.Status != "running")
                {
                    return;
                }

                await context.Response.Body.FlushAsync(ct);
                await Task.Delay(interval, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static bool SameTrial(TrialRow a, TrialRow b) =>
        a.State == b.State && a.Attempt == b.Attempt && a.Step == b.Step && a.UpdatedAt == b.UpdatedAt;

    private static async Task SendAsync(HttpContext context, SweepChange change, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(change, ApiJsonContext.Default.SweepChange);
        await context.Response.WriteAsync($"data: {json}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
