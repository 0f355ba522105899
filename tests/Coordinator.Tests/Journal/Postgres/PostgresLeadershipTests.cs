using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>Two coordinators (two stores) on one database: only one holds a leadership name at a time.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresLeadershipTests(PostgresServerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [ConditionalFact]
    public async Task TryAcquireLeadershipAsync_HeldByOtherStore_NullUntilHolderDisposes()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;

        var leader = await a.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(leader);
        Assert.Null(await b.TryAcquireLeadershipAsync("dispatch"));
        Assert.Null(await a.TryAcquireLeadershipAsync("dispatch")); // a second session of the same store is a different holder
        await using (var other = await b.TryAcquireLeadershipAsync("reports"))
        {
            Assert.NotNull(other);
        }

        Assert.True(await leader.CheckAsync());
        Assert.False(leader.Lost.IsCancellationRequested);
        await leader.DisposeAsync();

        Assert.True(leader.Lost.IsCancellationRequested);
        await using var standby = await b.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(standby);
        Assert.Null(await a.TryAcquireLeadershipAsync("dispatch"));
    }

    [ConditionalFact]
    public async Task TryAcquireLeadershipAsync_HolderSessionTerminated_OtherAcquiresAndHolderSeesLost()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        var leader = await a.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(leader);
        Assert.Null(await b.TryAcquireLeadershipAsync("dispatch"));

        // As if the leader's machine died: the server ends its session (waiting up to 10 s for the backend to exit).
        Assert.Equal(true, await fixture.Server.ExecuteScalarAsync($"SELECT pg_terminate_backend({leader.ProcessId}, 10000);"));

        await using var standby = await b.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(standby);
        Assert.False(await leader.CheckAsync());
        Assert.True(leader.Lost.IsCancellationRequested);
        await leader.DisposeAsync();
        Assert.True(await standby.CheckAsync());
    }

    [ConditionalFact]
    public async Task DisposeAsync_StoreHoldingLeadership_ReleasesIt()
    {
        var (a, b) = await OpenTwoAsync();
        await using var __ = b;
        var leader = await a.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(leader);

        await a.DisposeAsync();

        Assert.True(leader.Lost.IsCancellationRequested);
        await using var standby = await b.TryAcquireLeadershipAsync("dispatch");
        Assert.NotNull(standby);
    }

    private async Task<(PostgresSweepStore A, PostgresSweepStore B)> OpenTwoAsync()
    {
        var database = await fixture.Server.CreateDatabaseAsync();
        return (await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0)),
            await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0)));
    }
}
