using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// Two <c>sweep coordinator</c> processes on one throwaway PostgreSQL database (leader and standby)
/// and one node process that knows both URLs. Killing the leader mid-sweep hands the sweep to the
/// standby, and the final results equal an uninterrupted embedded run.
/// </summary>
[Trait("Category", "Processes")]
[Collection(ProcessClusterCollection.Name)]
[RequiresPostgres]
public sealed class StandbyProcessTests(PostgresServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    // A short leader lease keeps the failover quick: about 2 s + 0.2 s poll + recovery.
    private static readonly string[] Election = ["--leader-lease-seconds", "2", "--standby-poll-seconds", "0.2"];

    [ConditionalFact]
    public async Task KillLeader_MidSweep_StandbyTakesOverAndTheSweepCompletesAsIfUninterrupted()
    {
        var yaml = ClusterProcessTests.Spec("failover", stepMs: 40);
        var db = "postgres:" + await fixture.Server.CreateDatabaseAsync();
        using var cluster = new ProcessCluster(leaseSeconds: 5);
        var standbyUrl = ProcessCluster.FreeUrl();
        using var standbyClient = cluster.ClientFor(standbyUrl);
        var leader = cluster.StartCoordinatorProcess(cluster.Url, db, Election);
        await leader.WaitForLineAsync("leading (epoch 1)", Timeout);
        var standby = cluster.StartCoordinatorProcess(standbyUrl, db, Election);
        await standby.WaitForLineAsync("standby; the leader is " + cluster.Url, Timeout);
        await cluster.StartNodeOnAsync("n1", 3, $"{cluster.Url},{standbyUrl}");
        var sweepId = await cluster.SubmitAsync(yaml);

        // The standby's read routes answer from the shared database while the leader runs the sweep.
        await ProcessCluster.WaitForTrialAsync(standbyClient, sweepId, t => t is { State: TrialState.Running, Step: > 0 }, Timeout);
        leader.Kill();

        await standby.WaitForLineAsync("leading (epoch 2)", Timeout);
        var trials = await ProcessCluster.WaitForSweepAsync(standbyClient, sweepId, Timeout);

        Assert.Equal(await ClusterProcessTests.EmbeddedAsync(yaml), ClusterProcessTests.Results(trials));
        Assert.All(trials, t => Assert.NotNull(t.FinalMetric));
        await ClusterProcessTests.AssertNoDuplicateMetricsAsync(standbyClient, trials);
    }
}
