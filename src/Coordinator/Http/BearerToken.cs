using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Checks an <c>Authorization: Bearer</c> header against one expected token in constant time
/// (both sides are hashed first so that their lengths leak nothing either).
/// </summary>
internal sealed class BearerToken(string expected)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(expected));

    public bool Accepts(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        var given = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : "";
        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(givenHash, _expectedHash) && given.Length > 0;
    }

    /// <summary>An endpoint filter that answers 401 before the handler runs (so nothing changes).</summary>
    public EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next) => async invocation =>
    {
        if (!Accepts(invocation.HttpContext.Request))
        {
            invocation.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "missing or wrong bearer token");
        }

        return await next(invocation);
    };
}
