namespace SweepCluster.Coordinator.Journal;

/// <summary>A storage backend: the journal and its query tables over one database.</summary>
public interface ISweepStore : IJournal, IQueryStore, IAsyncDisposable
{
}
