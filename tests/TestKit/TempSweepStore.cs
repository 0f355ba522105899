using SweepCluster.Coordinator.Journal;

namespace SweepCluster.TestKit;

/// <summary>
/// A SQLite sweep store in a folder of its own under the temp directory (the file is <c>sweep.db</c>;
/// other files a test needs may sit beside it). Disposing closes the store and deletes the folder.
/// </summary>
public sealed class TempSweepStore : IAsyncDisposable
{
    private TempSweepStore(string directory, ISweepStore store)
    {
        Directory = directory;
        Store = store;
    }

    /// <summary>The folder, named <c>sweepcluster-{name}-{guid}</c>.</summary>
    public string Directory { get; }

    /// <summary>The store on <c>sweep.db</c> in <see cref="Directory"/>.</summary>
    public ISweepStore Store { get; }

    /// <summary>Creates the folder and opens (migrates) the store on <paramref name="time"/>.</summary>
    public static async Task<TempSweepStore> OpenAsync(string name, TimeProvider time)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sweepcluster-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        return new TempSweepStore(directory, await SweepStores.OpenAsync("sqlite:" + Path.Combine(directory, "sweep.db"), time));
    }

    /// <summary>Closes the store, releases pooled connections to the file, and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
