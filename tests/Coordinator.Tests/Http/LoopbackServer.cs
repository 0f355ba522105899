using System.Net.Http.Headers;
using SweepCluster.Coordinator.Http;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>What the fixtures that run a real Kestrel on loopback share: its options, its two tokens, and clients for it.</summary>
internal static class LoopbackServer
{
    public const string ClusterToken = "cluster-secret";
    public const string ClientToken = "client-secret";

    /// <summary>A free port on 127.0.0.1, both tokens required.</summary>
    public static ServerOptions Options() => new() { Urls = ["http://127.0.0.1:0"], ClusterToken = ClusterToken, ClientToken = ClientToken };

    /// <summary>A client of <paramref name="server"/> that sends <paramref name="token"/> as a bearer token (none when null).</summary>
    public static HttpClient Client(Uri server, string? token)
    {
        var client = new HttpClient { BaseAddress = server };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
