using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Tests.Journal.Sqlite;

namespace SweepCluster.Coordinator.Tests.Journal;

public sealed class SweepStoresTests
{
    [Theory]
    [InlineData("postgres://u:p@localhost:5432/sweep")]
    [InlineData("postgresql://localhost/sweep")]
    public async Task OpenAsync_Postgres_RefusesWithANotInThisBuildMessage(string db)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SweepStores.OpenAsync(db, TimeProvider.System));
        Assert.Equal("PostgreSQL is not available in this build; use --db sqlite:PATH", error.Message);
    }

    [Fact]
    public async Task OpenAsync_UnknownScheme_NamesTheAcceptedForms()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SweepStores.OpenAsync("mysql://x", TimeProvider.System));
        Assert.Equal("unknown database 'mysql://x': use sqlite:PATH or postgres://…", error.Message);
    }

    [Fact]
    public async Task OpenAsync_SqlitePrefix_OpensASqliteStoreAtThePath()
    {
        using var file = new SqliteTempFile();
        await using (var store = await SweepStores.OpenAsync("sqlite:" + file.Path, TimeProvider.System))
        {
            Assert.IsType<SqliteSweepStore>(store);
            Assert.Empty(await store.ListSweepsAsync());
        }

        Assert.True(File.Exists(file.Path));
    }
}
