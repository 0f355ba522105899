using System.Net;

namespace SweepCluster.GpuNode.Http;

/// <summary>The coordinator answered but refused the request (wrong token, protocol mismatch, bad message): retrying the same request will not help.</summary>
public sealed class CoordinatorRejectedException(HttpStatusCode status, string message)
    : Exception($"coordinator refused the request ({(int)status}): {message}")
{
    /// <summary>The HTTP status the coordinator answered with.</summary>
    public HttpStatusCode Status { get; } = status;
}
