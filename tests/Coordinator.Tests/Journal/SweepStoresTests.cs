using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Tests.Journal.Sqlite;

namespace SweepCluster.Coordinator.Tests.Journal;

public sealed class SweepStoresTests
{
    [Theory]
    [InlineData("postgres://u:p%40ss@db.example:6543/sweep?SSL%20Mode=Require", "Host=db.example;Port=6543;Database=sweep;Username=u;Password=p@ss;SSL Mode=Require")]
    [InlineData("postgresql://localhost/sweeps", "Host=localhost;Port=5432;Database=sweeps")]
    public void PostgresConnectionString_Uri_BecomesAnNpgsqlConnectionString(string uri, string expected)
    {
        var actual = new Npgsql.NpgsqlConnectionStringBuilder(SweepStores.PostgresConnectionString(new Uri(uri)));

        Assert.True(actual.EquivalentTo(new Npgsql.NpgsqlConnectionStringBuilder(expected)), actual.ConnectionString);
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
