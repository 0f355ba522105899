using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Client routes: submit, list, summary, trials (paged), one trial, stop, cancel, resume, report and
/// the event stream. Trial ids contain '/', so the trial routes take the id as a query parameter.
/// Reads come from the store; routes that change something go through <c>role.Leader</c>, which
/// throws on a standby (answered 503 by <see cref="StandbyFilter"/>).
/// </summary>
internal static class ClientRoutes
{
    public static void Map(RouteGroupBuilder api, CoordinatorRole role, IQueryStore store, ServerOptions options, TimeProvider time)
    {
        api.MapPost("/sweeps", async (HttpRequest request, string? baseDir, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var yaml = await reader.ReadToEndAsync(ct);
            try
            {
                var sweepId = await role.Leader.SubmitAsync(yaml, baseDir ?? Environment.CurrentDirectory, ct);
                return Results.Json(new SubmitResponse(sweepId), ApiJsonContext.Default.SubmitResponse, statusCode: StatusCodes.Status201Created);
            }
            catch (SpecException ex)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, ex.Message, ex.Line);
            }
            catch (SweepConflictException ex)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, ex.Message);
            }
        });

        api.MapGet("/sweeps", async (CancellationToken ct) =>
            Results.Json(await store.ListSweepsAsync(ct), ApiJsonContext.Default.IReadOnlyListSweepRow));

        api.MapGet("/sweeps/{id}", async (string id, CancellationToken ct) =>
        {
            var row = await store.GetSweepAsync(id, ct);
            if (row is null)
            {
                return NoSweep(id);
            }

            var progress = role.Current is { } host ? await host.GetProgressAsync(id, ct) : null;
            return Results.Json(SweepSummaries.Build(row, progress, time.GetUtcNow()), ApiJsonContext.Default.SweepSummary);
        });

        api.MapGet("/sweeps/{id}/trials", async (string id, string? state, int? init, int? order, int? offset, string? after, int? limit, CancellationToken ct) =>
        {
            if (await store.GetSweepAsync(id, ct) is null)
            {
                return NoSweep(id);
            }

            var query = TrialQuery.Parse(state, init, order, offset, after, limit, options.MaxPageSize);
            if (query.Error is not null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, query.Error);
            }

            if (query.After is { } cursor)
            {
                if (await store.GetTrialAsync(cursor, ct) is not { } trial || trial.SweepId != id)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, $"after: sweep '{id}' has no trial '{cursor}'");
                }

                var next = await store.ListTrialsPageAfterAsync(id, query.Filter, cursor, query.Limit, ct);
                return Results.Json(new TrialPage(next.Total, null, next.Items, next.Next), ApiJsonContext.Default.TrialPage);
            }

            var page = await store.ListTrialsPageAsync(id, query.Filter, query.Offset, query.Limit, ct);
            return Results.Json(new TrialPage(page.Total, query.Offset, page.Items, page.Next), ApiJsonContext.Default.TrialPage);
        });

        api.MapGet("/trials", async (string? id, CancellationToken ct) =>
        {
            var trial = id is null ? null : await FindTrialAsync(store, id, ct);
            if (trial is null)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, $"no trial '{id}'");
            }

            var detail = new TrialDetail(trial, await store.ListMetricsAsync(trial.TrialId, ct), await store.ListDecisionsAsync(trial.TrialId, ct));
            return Results.Json(detail, ApiJsonContext.Default.TrialDetail);
        });

        api.MapPost("/trials/stop", async (string? id, CancellationToken ct) =>
        {
            if (id is null || await FindTrialAsync(store, id, ct) is null)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, $"no trial '{id}'");
            }

            var changed = await role.Leader.StopTrialAsync(id, "stopped by user", ct);
            return Results.Json(
                new ActionResponse(changed, changed ? $"stopping {id}" : $"{id} is already finished or ending"),
                ApiJsonContext.Default.ActionResponse);
        });

        api.MapPost("/sweeps/{id}/cancel", async (string id, CancellationToken ct) =>
        {
            var row = await store.GetSweepAsync(id, ct);
            if (row is null)
            {
                return NoSweep(id);
            }

            if (row.Status != "running")
            {
                return Results.Json(new ActionResponse(false, $"sweep '{id}' is already {row.Status}"), ApiJsonContext.Default.ActionResponse);
            }

            await role.Leader.CancelAsync(id, "cancelled by user", ct);
            return Results.Json(new ActionResponse(true, $"cancelling {id}"), ApiJsonContext.Default.ActionResponse);
        });

        api.MapPost("/sweeps/{id}/resume", async (string id, CancellationToken ct) =>
        {
            if (await store.GetSweepAsync(id, ct) is null)
            {
                return NoSweep(id);
            }

            var result = await role.Leader.ResumeAsync(id, "resumed by user", ct);
            if (!result.Resumed)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, $"sweep '{id}' is {result.Status}; only a cancelled sweep can be resumed");
            }

            var message = result.Status == "running"
                ? $"resuming {id}: {result.RequeuedTrials} cancelled trial(s) queued again"
                : $"resumed {id}: no cancelled trial to run again; the sweep is {result.Status}";
            return Results.Json(new ActionResponse(true, message), ApiJsonContext.Default.ActionResponse);
        });

        api.MapGet("/sweeps/{id}/report", async (string id, string? format, CancellationToken ct) =>
        {
            if (await store.GetSweepAsync(id, ct) is null)
            {
                return NoSweep(id);
            }

            var report = await SweepReportBuilder.BuildAsync(store, id, ReportOptions.Default, ct);
            return format switch
            {
                null or "json" => Results.Text(JsonSerializer.Serialize(report, SweepReportJsonContext.Default.SweepReport), "application/json"),
                "csv" => Results.Text(ReportCsv.Render(report), "text/csv"),
                _ => ApiResults.Error(StatusCodes.Status400BadRequest, $"unknown report format '{format}' (json or csv)"),
            };
        });

        api.MapGet("/sweeps/{id}/events", (string id, HttpContext context, CancellationToken ct) =>
            SweepEventStream.WriteAsync(context, store, id, options.EventPollInterval, time, ct));

        api.MapGet("/nodes", async (CancellationToken ct) =>
            Results.Json(await store.ListNodesAsync(ct), ApiJsonContext.Default.IReadOnlyListNodeRow));
    }

    private static IResult NoSweep(string id) => ApiResults.Error(StatusCodes.Status404NotFound, $"no sweep '{id}'");

    private static Task<TrialRow?> FindTrialAsync(IQueryStore store, string trialId, CancellationToken ct) => store.GetTrialAsync(trialId, ct);
}
