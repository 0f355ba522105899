using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// <c>POST /api/v1/nodes/register</c> and <c>POST /api/v1/nodes/sync</c> (long-poll): the HTTP form
/// of <see cref="ICoordinatorLink"/>. A message in another protocol version is refused with 409. A
/// standby answers 503 (<see cref="StandbyFilter"/>), and so does a leader whose lease ran out while
/// it handled the request: the node then sends the same events to the next coordinator.
/// </summary>
internal static class NodeRoutes
{
    public static void Map(RouteGroupBuilder nodes, CoordinatorRole role)
    {
        nodes.MapPost("/register", async (HttpRequest request, CancellationToken ct) =>
        {
            var host = role.Leader;
            var (message, error) = await ReadAsync(request, NodeLinkJsonContext.Default.RegisterNode, ct);
            if (message is null)
            {
                return error!;
            }

            var reply = await AsLeaderAsync(role, host, () => host.RegisterAsync(message, ct));
            return Results.Json(reply, NodeLinkJsonContext.Default.RegisterReply);
        });

        nodes.MapPost("/sync", async (HttpRequest request, CancellationToken ct) =>
        {
            var host = role.Leader;
            var (message, error) = await ReadAsync(request, NodeLinkJsonContext.Default.SyncRequest, ct);
            if (message is null)
            {
                return error!;
            }

            var reply = await AsLeaderAsync(role, host, () => host.SyncAsync(message, ct));
            return Results.Json(reply, NodeLinkJsonContext.Default.SyncReply);
        });
    }

    /// <summary>
    /// Runs a node request on the leader's host and checks it still leads afterwards: a long-poll
    /// may outlast the lease (a frozen leader wakes up holding one), and the commands it would hand
    /// out could be stale, so the node is sent elsewhere instead (503). A request that failed because
    /// the host was being stopped on losing the lease gets the same answer.
    /// </summary>
    private static async Task<T> AsLeaderAsync<T>(CoordinatorRole role, CoordinatorHost host, Func<Task<T>> request)
    {
        T reply;
        try
        {
            reply = await request();
        }
        catch (Exception e) when (e is not StandbyException && !ReferenceEquals(role.Current, host))
        {
            throw new StandbyException(role.Describe(), role.RetryAfter);
        }

        return ReferenceEquals(role.Current, host) ? reply : throw new StandbyException(role.Describe(), role.RetryAfter);
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
