using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// The coordinator's HTTP API (Kestrel, minimal APIs) in front of a running <see cref="CoordinatorHost"/>:
/// client routes under <c>/api/v1</c> behind the client token, node routes under <c>/api/v1/nodes</c>
/// behind the cluster token. See docs/cluster.md for the routes. In front of a standby
/// (<see cref="CoordinatorRole"/>) the read-only client routes answer from the shared store and the
/// others answer 503 naming the leader.
/// </summary>
public sealed class CoordinatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CoordinatorServer(WebApplication app, IReadOnlyList<string> urls)
    {
        _app = app;
        Urls = urls;
    }

    /// <summary>The addresses actually bound (a requested port 0 is replaced by the chosen port).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>Starts listening in front of a single coordinator. The host stays owned by the caller.</summary>
    public static Task<CoordinatorServer> StartAsync(
        CoordinatorHost host, ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        return StartAsync(CoordinatorRole.Single(host), host.Store, options, time, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Starts listening in front of a coordinator that may be a standby (<see cref="ElectedCoordinator.Role"/>);
    /// read-only client routes are served from <paramref name="store"/> either way.
    /// </summary>
    public static async Task<CoordinatorServer> StartAsync(
        CoordinatorRole role, ISweepStore store, ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls([.. options.Urls]);
        if (options.TlsCertificatePath is { } certificate)
        {
            builder.Configuration["Kestrel:Certificates:Default:Path"] = certificate;
            builder.Configuration["Kestrel:Certificates:Default:Password"] = options.TlsCertificatePassword;
        }

        var app = builder.Build();
        var api = app.MapGroup("/api/v1");
        var clients = api.MapGroup("");
        clients.AddEndpointFilterFactory(new BearerToken(options.ClientToken).Filter);
        clients.AddEndpointFilterFactory(StandbyFilter.Filter);
        ClientRoutes.Map(clients, role, store, options, time);
        var nodes = api.MapGroup("/nodes");
        nodes.AddEndpointFilterFactory(new BearerToken(options.ClusterToken).Filter);
        nodes.AddEndpointFilterFactory(StandbyFilter.Filter);
        NodeRoutes.Map(nodes, role);

        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [.. options.Urls];
        return new CoordinatorServer(app, bound);
    }

    /// <summary>Stops listening (in-flight long-polls are cut).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
