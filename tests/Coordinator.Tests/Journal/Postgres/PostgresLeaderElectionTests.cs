using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>
/// Two coordinators (two stores) on one database: one lease holder at a time, and a leader that
/// was frozen while the other took over cannot write when it wakes up (fencing by epoch). Time
/// passing on the server is simulated by moving the lease's expiry into the past.
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresLeaderElectionTests(PostgresServerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [ConditionalFact]
    public async Task TryAcquireAsync_LiveLeaseOfAnother_NullAndTheHolderIsReported()
    {
        var (database, a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        Assert.Null(await b.CreateLeaderElection().GetLeaderAsync());

        var lease = await a.CreateLeaderElection().TryAcquireAsync("http://a:7878", Lease);

        Assert.Equal(1, lease!.Epoch);
        Assert.Null(await b.CreateLeaderElection().TryAcquireAsync("http://b:7878", Lease));
        Assert.Null(await a.CreateLeaderElection().TryAcquireAsync("http://a:7878", Lease)); // held, even by the same holder
        Assert.NotNull(await b.CreateLeaderElection("reports").TryAcquireAsync("http://b:7878", Lease)); // another name
        Assert.Equal(new LeaderInfo("http://a:7878", 1, true), await b.CreateLeaderElection().GetLeaderAsync());
        Assert.True(await lease.RenewAsync());
        Assert.Single(await PostgresQuery.ListAsync(database, "SELECT 1 FROM leader_leases WHERE name = 'dispatch' AND expires_at > now() + interval '4 minutes';", r => r.GetInt32(0)));
    }

    [ConditionalFact]
    public async Task FrozenLeader_OtherTookOver_ItsWritesAreRefusedAndChangeNothing()
    {
        var (database, a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        var old = await a.CreateLeaderElection().TryAcquireAsync("a", Lease);
        await SweepLifeScript.ApplyAsync(a, SweepLifeScript.MidLifeStep);
        var highest = await a.HighestSequenceAsync(SweepLifeScript.SweepId);

        // a freezes (SIGSTOP) past its lease; b takes over.
        await ExpireAsync(database);
        var current = await b.CreateLeaderElection().TryAcquireAsync("b", Lease);
        Assert.Equal((1L, 2L), (old!.Epoch, current!.Epoch));
        var before = await StoreState.TakeAsync(database);

        // a wakes up and writes: a new batch, a batch it had already written, a snapshot.
        var next = SweepLifeScript.Steps[SweepLifeScript.MidLifeStep + 1];
        await Assert.ThrowsAsync<LeadershipLostException>(() => a.AppendAsync(SweepLifeScript.SweepId, next, T0));
        await Assert.ThrowsAsync<LeadershipLostException>(() => a.AppendAsync(SweepLifeScript.SweepId, SweepLifeScript.Steps[4], T0));
        await Assert.ThrowsAsync<LeadershipLostException>(() => a.SaveSnapshotAsync(new JournalSnapshot(SweepLifeScript.SweepId, highest, "{}")));
        Assert.False(await old.RenewAsync());

        Assert.Equal(before, await StoreState.TakeAsync(database));
        Assert.Equal(highest + next.Count, await b.AppendAsync(SweepLifeScript.SweepId, next, T0));
        Assert.Equal(new LeaderInfo("b", 2, true), await a.CreateLeaderElection().GetLeaderAsync());
    }

    [ConditionalFact]
    public async Task ExpiredLeaseNobodyTookOver_WritesRefusedUntilRenewed()
    {
        var (database, a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        var lease = await a.CreateLeaderElection().TryAcquireAsync("a", Lease);
        await ExpireAsync(database);

        await Assert.ThrowsAsync<LeadershipLostException>(() => SweepLifeScript.ApplyAsync(a, 1));
        Assert.True(await lease!.RenewAsync());

        await SweepLifeScript.ApplyAsync(a, 1);
        Assert.Equal(SweepLifeScript.Steps[0].Count + SweepLifeScript.Steps[1].Count, await a.HighestSequenceAsync(SweepLifeScript.SweepId));
        Assert.Null(await b.CreateLeaderElection().TryAcquireAsync("b", Lease));
    }

    [ConditionalFact]
    public async Task DisposeAsync_Lease_StandbyTakesOverAtOnceAndTheOldStoreCannotWrite()
    {
        var (_, a, b) = await OpenTwoAsync();
        await using var __ = a;
        await using var ___ = b;
        var lease = await a.CreateLeaderElection().TryAcquireAsync("a", Lease);

        await lease!.DisposeAsync();

        Assert.Equal(new LeaderInfo("a", 1, false), await b.CreateLeaderElection().GetLeaderAsync());
        Assert.False(await lease.RenewAsync());
        await Assert.ThrowsAsync<LeadershipLostException>(() => SweepLifeScript.ApplyAsync(a, 1));
        Assert.Equal(2, (await b.CreateLeaderElection().TryAcquireAsync("b", Lease))!.Epoch);
    }

    [ConditionalFact]
    public async Task DisposeAsync_StoreHoldingALease_ReleasesIt()
    {
        var (_, a, b) = await OpenTwoAsync();
        await using var __ = b;
        Assert.NotNull(await a.CreateLeaderElection().TryAcquireAsync("a", Lease));

        await a.DisposeAsync();

        Assert.NotNull(await b.CreateLeaderElection().TryAcquireAsync("b", Lease));
    }

    private static Task ExpireAsync(string database) =>
        PostgresQuery.ListAsync(database, "UPDATE leader_leases SET expires_at = now() - interval '1 second' RETURNING 1;", r => r.GetInt32(0));

    private async Task<(string Database, PostgresSweepStore A, PostgresSweepStore B)> OpenTwoAsync()
    {
        var database = await fixture.Server.CreateSchemaAsync();
        return (database, await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0)),
            await PostgresSweepStore.OpenAsync(database, new FixedTimeProvider(T0)));
    }

    /// <summary>Every row a write could touch, as text.</summary>
    private static class StoreState
    {
        public static async Task<string> TakeAsync(string database)
        {
            var parts = new List<string>();
            foreach (var table in new[] { "events", "streams", "snapshots", "sweeps", "trials", "metrics", "decisions", "nodes" })
            {
                parts.Add(table + ":" + string.Join('|', await PostgresQuery.ListAsync(database, $"SELECT t::text FROM {table} t ORDER BY 1;", r => r.GetString(0))));
            }

            return string.Join('\n', parts);
        }
    }
}
