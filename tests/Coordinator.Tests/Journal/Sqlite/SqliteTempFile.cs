namespace SweepCluster.Coordinator.Tests.Journal.Sqlite;

/// <summary>A database path in the temp directory; deletes the file and its WAL companions on dispose.</summary>
internal sealed class SqliteTempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sweepcluster-journal-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(Path + suffix);
        }
    }
}
