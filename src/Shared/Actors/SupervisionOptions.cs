namespace SweepCluster.Shared.Actors;

/// <summary>
/// How often an actor may fail and be restarted before it is stopped for good (Akka's
/// <c>OneForOneStrategy(maxNrOfRetries, withinTimeRange)</c>).
/// </summary>
/// <param name="MaxRestarts">
/// Restarts allowed within <paramref name="Window"/>; the next failure stops the actor and raises
/// <see cref="ActorSystem.ActorFailed"/>. 0 stops on the first failure. Default 10.
/// </param>
/// <param name="Window">Sliding window, measured with the system's <see cref="TimeProvider"/>. Default (null) one minute.</param>
public sealed record SupervisionOptions(int MaxRestarts = 10, TimeSpan? Window = null)
{
    /// <summary>The window actually used: <see cref="Window"/> or one minute.</summary>
    public TimeSpan EffectiveWindow => Window ?? TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EffectiveWindow, TimeSpan.Zero, nameof(Window));
    }
}
