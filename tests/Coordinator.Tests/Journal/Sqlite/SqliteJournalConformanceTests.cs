using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>The conformance suite on a fresh SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteJournalConformanceTests : JournalConformanceTests, IDisposable
{
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override async Task<ISweepStore> CreateStoreAsync() =>
        await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));
}
