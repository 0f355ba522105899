using Microsoft.Extensions.Logging;
using SweepCluster.Shared.Actors;
using SweepCluster.TestKit;

namespace SweepCluster.Shared.Tests.Actors;

public sealed class SupervisionTests : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly ActorSystem _system;
    private readonly ProbeJournal _journal = new();

    public SupervisionTests() => _system = new ActorSystem(_logs, _clock);

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    [Fact]
    public async Task Receive_HandlerThrows_FreshInstanceRebuildsStateAndQueuedMessagesSurvive()
    {
        var probe = Spawn(new SupervisionOptions());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Tell(new Append(1));
        probe.Tell(new Block(entered, release.Task));
        probe.Tell(new Append(2));
        probe.Tell(new Boom("first failure"));
        probe.Tell(new Append(3));
        await entered.Task; // everything after Block is queued while the actor is busy
        release.SetResult();

        var values = await probe.AskAsync<IReadOnlyList<int>>(r => new GetValues(r), AskTimeout);
        var instance = await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout);

        Assert.Equal([1, 2, 3], values);
        Assert.Equal(2, instance);
        Assert.Equal(2, _journal.Instances);
        Assert.Equal(2, _journal.PreStarts);
        Assert.Equal(0, _journal.PostStops);
        Assert.Empty(_system.DeadLetters);
        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("first failure", logged.Exception?.Message);
        Assert.Contains("/user/probe", logged.Message, StringComparison.Ordinal);
        Assert.Contains("Boom", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreStartAsync_Throws_ActorIsRestartedWithAnotherInstance()
    {
        _journal.FailPreStartOfInstance = 1;
        var probe = Spawn(new SupervisionOptions());
        probe.Tell(new Append(5));

        var values = await probe.AskAsync<IReadOnlyList<int>>(r => new GetValues(r), AskTimeout);
        var instance = await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout);

        Assert.Equal([5], values);
        Assert.Equal(2, instance);
        Assert.Equal(2, _journal.PreStarts);
    }

    [Fact]
    public async Task Receive_RestartLimitExceeded_RaisesActorFailedAndLaterMessagesAreDeadLetters()
    {
        var failed = new TaskCompletionSource<ActorFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorFailed += f => failed.TrySetResult(f);
        var probe = Spawn(new SupervisionOptions(MaxRestarts: 2));
        probe.Tell(new Boom("1"));
        probe.Tell(new Boom("2"));
        probe.Tell(new Append(1));
        probe.Tell(new Boom("3"));
        probe.Tell(new Append(2));

        var failure = await failed.Task;
        await probe.Completion;

        Assert.Equal("/user/probe", failure.Path);
        Assert.Equal("3", failure.LastError.Message);
        Assert.Equal(2, failure.Restarts);
        Assert.True(probe.IsStopped);
        Assert.False(probe.Tell(new Append(3)));
        Assert.Equal([1], _journal.Entries);
        Assert.Equal(3, _journal.Instances);
        Assert.Equal(1, _journal.PostStops);
        Assert.Equal(
            [new DeadLetter("/user/probe", new Append(2), "Actor exceeded its restart limit."),
             new DeadLetter("/user/probe", new Append(3), "Actor exceeded its restart limit.")],
            _system.DeadLetters);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception == failure.LastError);
    }

    [Fact]
    public async Task Receive_MaxRestartsZero_FirstFailureStopsActor()
    {
        var failed = new TaskCompletionSource<ActorFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorFailed += f => failed.TrySetResult(f);
        var probe = Spawn(new SupervisionOptions(MaxRestarts: 0));

        probe.Tell(new Boom("only"));

        var failure = await failed.Task;
        await probe.Completion;
        Assert.Equal(0, failure.Restarts);
        Assert.Equal(1, _journal.Instances);
    }

    [Fact]
    public async Task Receive_FailuresFurtherApartThanWindow_DoNotAccumulate()
    {
        var options = new SupervisionOptions(MaxRestarts: 1, Window: TimeSpan.FromMinutes(1));
        var failed = new TaskCompletionSource<ActorFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorFailed += f => failed.TrySetResult(f);
        var probe = Spawn(options);

        probe.Tell(new Boom("a"));
        Assert.Equal(2, await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout));
        _clock.Advance(TimeSpan.FromMinutes(1));
        probe.Tell(new Boom("b"));
        Assert.Equal(3, await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout));
        _clock.Advance(TimeSpan.FromSeconds(59));
        probe.Tell(new Boom("c"));

        var failure = await failed.Task;
        Assert.Equal("c", failure.LastError.Message);
        Assert.Equal(2, failure.Restarts);
    }

    [Fact]
    public async Task PreStartAsync_AlwaysThrows_StopsAtLimitInsteadOfLooping()
    {
        var failed = new TaskCompletionSource<ActorFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorFailed += f => failed.TrySetResult(f);
        var starts = 0;
        var actor = _system.Spawn<ProbeMessage>(
            "broken",
            () => throw new InvalidOperationException($"factory call {++starts}"),
            new SupervisionOptions(MaxRestarts: 3));

        var failure = await failed.Task;
        await actor.Completion;

        Assert.Equal("factory call 4", failure.LastError.Message);
        Assert.Equal(3, failure.Restarts);
        await Assert.ThrowsAsync<ActorStoppedException>(() => actor.AskAsync<int>(r => new WhoAreYou(r), AskTimeout));
    }

    [Fact]
    public async Task PostStopAsync_Throws_IsLoggedAndActorStillCompletes()
    {
        var actor = _system.Spawn("throws-on-stop", () => new ThrowingPostStopActor());

        await actor.StopAsync();

        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("post stop failed", logged.Exception?.Message);
    }

    [Fact]
    public void SupervisionOptions_Defaults_TenRestartsPerMinute()
    {
        var options = new SupervisionOptions();

        Assert.Equal(10, options.MaxRestarts);
        Assert.Equal(TimeSpan.FromMinutes(1), options.EffectiveWindow);
    }

    private ActorRef<ProbeMessage> Spawn(SupervisionOptions options) =>
        _system.Spawn("probe", () => new ProbeActor(_journal), options);
}
