namespace SweepCluster.Coordinator.Leadership;

/// <summary>This coordinator does not lead (it is a standby, or lost its lease): the HTTP API answers 503 with the message.</summary>
public sealed class StandbyException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When it is worth asking again (sent as <c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
