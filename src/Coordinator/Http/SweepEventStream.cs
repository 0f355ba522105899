using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// <c>GET /sweeps/{id}/events</c>: server-sent events, one <c>data:</c> line per changed sweep or
/// trial row. It polls the query tables (cheap, and correct across coordinator restarts): the first
/// pass sends every trial, later passes only the trials whose change marker passed the highest one
/// already sent (<see cref="IQueryStore.ListTrialsChangedSinceAsync"/>: one indexed range, not a read
/// of the whole sweep), each in the order the rows last changed; then the sweep row when it changed.
/// Markers come from the durable journal, so a stream opened on another coordinator or after a
/// restart reads the same. The stream ends after the sweep is no longer running.
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
        var through = 0L; // every row has a marker of at least 1: the first pass sends all
        SweepRow? lastSweep = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // The sweep first: when it reads finished, the trials read after it include its last changes.
                var sweep = await store.GetSweepAsync(sweepId, ct);
                var changes = await store.ListTrialsChangedSinceAsync(sweepId, through, ct);
                foreach (var trial in changes.Items)
                {
                    await SendAsync(context, new SweepChange("trial", null, trial), ct);
                }

                through = changes.Through;
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

    private static async Task SendAsync(HttpContext context, SweepChange change, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(change, ApiJsonContext.Default.SweepChange);
        await context.Response.WriteAsync($"data: {json}\n\n", ct); // flushed once per pass
    }
}
