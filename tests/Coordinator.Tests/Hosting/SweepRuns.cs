using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Hosting;

/// <summary>The uninterrupted reference run that crash, cancel and resume tests compare against.</summary>
internal static class SweepRuns
{
    /// <summary>Runs <paramref name="yaml"/> to the end on a fresh in-process cluster (one node, 2 slots).</summary>
    public static async Task<Dictionary<string, double?>> RunToEndAsync(string yaml)
    {
        await using var cluster = await InProcessCluster.StartAsync();
        cluster.StartNode("n1", 2);
        var sweepId = await cluster.SubmitAsync(yaml);
        await cluster.WaitAsync(sweepId);
        return await FinalScoresAsync(cluster.Store, sweepId);
    }

    /// <summary>Each trial's final metric, by trial id.</summary>
    public static async Task<Dictionary<string, double?>> FinalScoresAsync(IQueryStore store, string sweepId) =>
        (await store.ListTrialsAsync(sweepId)).ToDictionary(t => t.TrialId, t => t.FinalMetric);
}
