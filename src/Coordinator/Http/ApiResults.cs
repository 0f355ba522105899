using Microsoft.AspNetCore.Http;

namespace SweepCluster.Coordinator.Http;

/// <summary>JSON answers written with <see cref="ApiJsonContext"/> (no reflection).</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string message, int? line = null) =>
        Results.Json(new ApiError(message, line), ApiJsonContext.Default.ApiError, statusCode: status);
}
