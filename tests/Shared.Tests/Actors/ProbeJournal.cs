namespace SweepCluster.Shared.Tests.Actors;

/// <summary>
/// What survives a restart: a simulated persisted journal plus counters the tests assert on.
/// Touched by one actor at a time (its mailbox), read by the test after a sync point.
/// </summary>
public sealed class ProbeJournal
{
    private int _instances;

    public List<int> Entries { get; } = [];

    public int Instances => Volatile.Read(ref _instances);

    public int PreStarts { get; set; }

    public int PostStops { get; set; }

    /// <summary>PreStartAsync of this instance number throws (0: none).</summary>
    public int FailPreStartOfInstance { get; set; }

    public int NextInstance() => Interlocked.Increment(ref _instances);
}
