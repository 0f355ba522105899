namespace SweepCluster.Coordinator.Journal;

/// <summary>Well-known journal stream ids.</summary>
public static class Streams
{
    /// <summary>The stream of node membership events; sweep streams use the sweep id.</summary>
    public const string Cluster = "$cluster";
}
