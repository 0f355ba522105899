using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// <c>POST /api/v1/nodes/register</c> and <c>POST /api/v1/nodes/sync</c> (long-poll): the HTTP form
/// of <see cref="ICoordinatorLink"/>. A message in another protocol version is refused with 409.
/// </summary>
internal static class NodeRoutes
{
    public static void Map(RouteGroupBuilder nodes, CoordinatorHost host)
    {
        nodes.MapPost("/register", async (HttpRequest request, CancellationToken ct) =>
        {
            var (message, error) = await ReadAsync(request, NodeLinkJsonContext.Default.RegisterNode, ct);
            return message is null
                ? error!
                : Results.Json(await host.RegisterAsync(message, ct), NodeLinkJsonContext.Default.RegisterReply);
        });

        nodes.MapPost("/sync", async (HttpRequest request, CancellationToken ct) =>
        {
            var (message, error) = await ReadAsync(request, NodeLinkJsonContext.Default.SyncRequest, ct);
            return message is null
                ? error!
                : Results.Json(await host.SyncAsync(message, ct), NodeLinkJsonContext.Default.SyncReply);
        });
    }

    /// <summary>Reads a node message, checking its protocol version before its shape (a newer shape may not parse).</summary>
    private static async Task<(T? Message, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("protocolVersion", out var version)
                || !version.TryGetInt32(out var v))
            {
                return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"{typeof(T).Name} without a protocolVersion"));
            }

            if (v != NodeProtocol.Version)
            {
                return (null, ApiResults.Error(
                    StatusCodes.Status409Conflict,
                    $"node protocol version {v} is not supported; this coordinator speaks version {NodeProtocol.Version} (upgrade the node or the coordinator)"));
            }

            var message = document.Deserialize(type);
            return message is null ? (null, ApiResults.Error(StatusCodes.Status400BadRequest, "empty body")) : (message, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"malformed {typeof(T).Name}: {ex.Message}"));
        }
    }
}
