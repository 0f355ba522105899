namespace SweepCluster.Coordinator.Http;

/// <summary>Settings of the coordinator's HTTP API.</summary>
public sealed class ServerOptions
{
    /// <summary>Loopback address the API listens on unless told otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7878";

    /// <summary>Addresses to listen on (Kestrel URL syntax; port 0 picks a free port). Default <see cref="DefaultUrl"/>.</summary>
    public IReadOnlyList<string> Urls { get; set; } = [DefaultUrl];

    /// <summary>Bearer token the node routes require. Required; never logged.</summary>
    public string ClusterToken { get; set; } = "";

    /// <summary>Bearer token the client routes require (separate from the cluster token). Required; never logged.</summary>
    public string ClientToken { get; set; } = "";

    /// <summary>TLS certificate (PFX) for https URLs, or null to rely on Kestrel configuration. Default null.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>Password of <see cref="TlsCertificatePath"/>, or null. Default null.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>How often the server-sent event stream looks for changes. Default 500 ms.</summary>
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest page of trials one request returns. Default 1000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Throws when the settings are unusable.</summary>
    public void Validate()
    {
        if (Urls.Count == 0)
        {
            throw new ArgumentException("at least one URL to listen on is required");
        }

        if (string.IsNullOrWhiteSpace(ClusterToken) || string.IsNullOrWhiteSpace(ClientToken))
        {
            throw new ArgumentException("both a cluster token (nodes) and a client token (clients) are required");
        }

        if (string.Equals(ClusterToken, ClientToken, StringComparison.Ordinal))
        {
            throw new ArgumentException("the cluster token and the client token must differ");
        }

        if (EventPollInterval <= TimeSpan.Zero || MaxPageSize < 1)
        {
            throw new ArgumentException("EventPollInterval must be positive and MaxPageSize at least 1");
        }
    }
}
