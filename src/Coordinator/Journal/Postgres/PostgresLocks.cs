namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Advisory lock keys. Every lock uses PostgreSQL's two-integer form (class, object), whose key
/// space is separate from the single-bigint form other applications on the same database tend to
/// use; the class tells our lock kinds apart (0x5357 is "SW").
/// </summary>
internal static class PostgresLocks
{
    /// <summary>Transaction lock (class, 0) held while migrating, so concurrent openers migrate once.</summary>
    public const int Migration = 0x5357_0001;

    /// <summary>Transaction lock (class, hashtext(stream id)) held by an append, so a stream's sequence stays contiguous.</summary>
    public const int Stream = 0x5357_0002;
}
