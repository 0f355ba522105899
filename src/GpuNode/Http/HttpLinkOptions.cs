namespace SweepCluster.GpuNode.Http;

/// <summary>Settings of <see cref="HttpCoordinatorLink"/>.</summary>
public sealed class HttpLinkOptions
{
    /// <summary>Coordinator base address, e.g. <c>http://10.0.0.5:7878</c>. Required unless <see cref="Coordinators"/> is given.</summary>
    public Uri? Coordinator { get; set; }

    /// <summary>
    /// Several coordinators on one PostgreSQL database (one leads, the others stand by): the link
    /// uses one at a time and moves to the next when it cannot be reached or answers 503 (a
    /// standby). Default empty: just <see cref="Coordinator"/>.
    /// </summary>
    public IReadOnlyList<Uri> Coordinators { get; set; } = [];

    /// <summary>The addresses in the order tried: <see cref="Coordinators"/>, or else <see cref="Coordinator"/>.</summary>
    internal IReadOnlyList<Uri> Addresses => Coordinators.Count > 0 ? Coordinators : Coordinator is null ? [] : [Coordinator];

    /// <summary>The cluster bearer token. Required; never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// Longest a single request may take, held long-polls included; must exceed the coordinator's
    /// hold (2 s by default). Default 30 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest a connection may go without the network delivering anything (a connect unanswered,
    /// sent data or keepalive probes unacknowledged) before the link drops it and reconnects, so a
    /// node comes back within about this much after a network partition heals. A slow but
    /// reachable coordinator is not affected (its machine keeps acknowledging). Applies when the
    /// link creates its own <see cref="HttpClient"/>. Default 5 s.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quick retries of a transient failure inside one call (the agent retries the call itself after). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Throws when the settings are unusable.</summary>
    public void Validate()
    {
        if (Addresses.Count == 0 || Addresses.Any(a => !a.IsAbsoluteUri))
        {
            throw new ArgumentException("the coordinator URL must be absolute, e.g. http://127.0.0.1:7878");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException("a cluster token is required");
        }

        if (RequestTimeout <= TimeSpan.Zero || NetworkTimeout < TimeSpan.FromSeconds(1) || MaxRetries < 0 || RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout must be positive, NetworkTimeout at least 1 s, MaxRetries and RetryDelay non-negative");
        }
    }
}
