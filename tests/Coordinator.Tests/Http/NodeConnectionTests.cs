using System.Net.Sockets;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>How many TCP connections a node opens to its coordinator over a whole sweep.</summary>
public sealed class NodeConnectionTests
{
    [Fact]
    public async Task RunSweep_EventsAppearWhilePollsAreHeld_NodeReusesAFewConnections()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler);
        await using var cluster = await HttpCluster.StartAsync();
        cluster.StartNode("n1", 2, client: client);

        // 16 trials of 4 steps with 2 evaluations each: many bursts of events while the node holds a poll.
        var sweepId = await cluster.Host.SubmitAsync(
            TestSpecs.SimulatedYaml(name: "conn", init: "1..4", order: "1..4", steps: 4, evaluations: 2, stepDurationMs: 5), Path.GetTempPath());
        await cluster.WaitAsync(sweepId);

        var trials = await cluster.Store.ListTrialsAsync(sweepId);
        Assert.Equal(16, trials.Count(t => t.State is TrialState.Completed or TrialState.Diverged));
        // One connection for the held poll and one for the sync beside it, a third at most while a
        // left poll's answer is still on its way. Cancelling held polls opened one per burst (≥ 16).
        Assert.InRange(connections, 1, 3);
    }
}
