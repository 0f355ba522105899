using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Links;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Nodes;

/// <summary>
/// A node is Lost only after a full lease during which the coordinator listened: not because the
/// coordinator (re)started or took over, however long its recovery took, nor because the
/// coordinator itself was frozen.
/// </summary>
public sealed class NodeLeaseGraceTests : IAsyncLifetime
{
    private TempSweepStore _temp = null!;

    private ISweepStore Store => _temp.Store;

    public async Task InitializeAsync() => _temp = await TempSweepStore.OpenAsync("grace", TimeProvider.System);

    public Task DisposeAsync() => _temp.DisposeAsync().AsTask();

    [Fact]
    public async Task StartAsync_RecoveryLongerThanALease_KnownNodeGetsAFullLeaseFromTheOpening()
    {
        var time = new ManualTimeProvider();
        await Store.AppendAsync(Streams.Cluster, [new NodeJoined("a", 2, "simulated")], time.GetUtcNow());
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new FlakyStore(Store)
        {
            BeforeListSweepStreams = async () =>
            {
                entered.TrySetResult();
                await gate.Task;
            },
        };

        var starting = CoordinatorHost.StartAsync(slow, new CoordinatorOptions(), time, NullLoggerFactory.Instance);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Advance(time, seconds: 12); // recovery outlasts the 10 s lease
        gate.SetResult();
        await using var host = await starting;

        Advance(time, seconds: 10);
        Assert.Equal(["a"], (await host.ListNodesAsync()).Select(n => n.NodeId));
        Assert.Empty(await LostAsync());

        Advance(time, seconds: 1);
        Assert.Empty(await host.ListNodesAsync());
        Assert.Equal(["a"], await LostAsync());
    }

    [Fact]
    public async Task CheckLeases_CoordinatorFrozenLongerThanALease_NodesGetAFreshLeaseInsteadOfBeingLost()
    {
        var time = new FreezableTime();
        await using var host = await CoordinatorHost.StartAsync(Store, new CoordinatorOptions(), time, NullLoggerFactory.Instance);
        await host.Link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "a", 1, ["simulated"], []), CancellationToken.None);
        Advance(time.Manual, seconds: 5);

        time.Frozen = true;
        Advance(time.Manual, seconds: 30);
        time.Thaw();

        Advance(time.Manual, seconds: 10);
        Assert.Equal(["a"], (await host.ListNodesAsync()).Select(n => n.NodeId));
        Advance(time.Manual, seconds: 1);
        Assert.Empty(await host.ListNodesAsync());
        Assert.Equal(["a"], await LostAsync());
    }

    [Fact]
    public async Task SyncAsync_EventsWaitingForTheJournal_LeaseRenewedWhenTheSyncArrived()
    {
        var time = new ManualTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new FlakyStore(Store);
        await using var host = await CoordinatorHost.StartAsync(slow, new CoordinatorOptions(), time, NullLoggerFactory.Instance);
        await host.Link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "a", 1, ["simulated"], []), CancellationToken.None);
        await host.SubmitAsync(TestSpecs.SimulatedYaml(name: "slowjournal", init: "[1]", order: "[1]"), _temp.Directory);
        var start = await NextStartAsync(host);

        slow.BeforeSweepAppend = async () =>
        {
            entered.TrySetResult();
            await gate.Task;
        };
        Advance(time, seconds: 5);
        var sync = host.Link.SyncAsync(
            new SyncRequest(NodeProtocol.Version, "a", start.Seq, [new TrialStartedEvent(1, start.TrialId, start.Attempt)], Hold: false),
            CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.ListNodesAsync(); // the registry has seen the sync's arrival

        IReadOnlyList<string> alive;
        try
        {
            Advance(time, seconds: 7); // 12 s after the previous sync, 7 s after this one: within the 10 s lease
            alive = [.. (await host.ListNodesAsync()).Select(n => n.NodeId)];
        }
        finally
        {
            gate.TrySetResult(); // never leave the sweep actor (and the host's disposal) blocked
        }

        Assert.Equal(["a"], alive);
        Assert.True((await sync.WaitAsync(TimeSpan.FromSeconds(30))).Known);
        Assert.Empty(await LostAsync());
    }

    private static Task<StartTrialCommand> NextStartAsync(CoordinatorHost host) => Eventually.ValueAsync(
        async ct => (await host.Link.SyncAsync(new SyncRequest(NodeProtocol.Version, "a", 0, [], Hold: false), ct)).Commands.OfType<StartTrialCommand>().FirstOrDefault(),
        TimeSpan.FromSeconds(30),
        "a start command for node a",
        TimeSpan.FromMilliseconds(5));

    private static void Advance(ManualTimeProvider time, int seconds)
    {
        for (var s = 0; s < seconds; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<List<string>> LostAsync() =>
        [.. (await Store.ReadAsync(Streams.Cluster, 1, long.MaxValue)).Select(e => e.Event).OfType<NodeLost>().Select(l => l.NodeId)];

    /// <summary>A manual clock whose timers can be held back (a frozen process) and then fire once each (the process thawed).</summary>
    private sealed class FreezableTime : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<object, (TimerCallback Callback, object? State)> _held = [];

        public ManualTimeProvider Manual { get; } = new();

        public bool Frozen { get; set; }

        public override long TimestampFrequency => Manual.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => Manual.GetUtcNow();

        public override long GetTimestamp() => Manual.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var key = new object();
            return Manual.CreateTimer(
                s =>
                {
                    if (Frozen)
                    {
                        lock (_gate)
                        {
                            _held[key] = (callback, s);
                        }

                        return;
                    }

                    callback(s);
                },
                state,
                dueTime,
                period);
        }

        public void Thaw()
        {
            Frozen = false;
            List<(TimerCallback Callback, object? State)> held;
            lock (_gate)
            {
                held = [.. _held.Values];
                _held.Clear();
            }

            foreach (var (callback, state) in held)
            {
                callback(state);
            }
        }
    }
}
