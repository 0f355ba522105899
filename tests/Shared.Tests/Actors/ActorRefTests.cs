using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Shared.Actors;
using SweepCluster.TestKit;

namespace SweepCluster.Shared.Tests.Actors;

public sealed class ActorRefTests : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _clock = new();
    private readonly ActorSystem _system;
    private readonly ProbeJournal _journal = new();

    public ActorRefTests() => _system = new ActorSystem(NullLoggerFactory.Instance, _clock);

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    [Fact]
    public async Task Tell_ThousandMessages_ArriveInOrder()
    {
        var probe = SpawnProbe();

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(probe.Tell(new Append(i)));
        }

        var values = await probe.AskAsync<IReadOnlyList<int>>(r => new GetValues(r), AskTimeout);
        Assert.Equal(Enumerable.Range(0, 1000), values);
    }

    [Fact]
    public async Task QueuedMessages_TwoSentBehindTheHandledMessage_IsTwoThenZero()
    {
        var probe = SpawnProbe();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Tell(new Block(entered, release.Task));
        await entered.Task;
        var first = new Reply<int>();
        var last = new Reply<int>();
        probe.Tell(new CountQueued(first));
        probe.Tell(new Append(1));
        probe.Tell(new CountQueued(last));

        release.SetResult();

        Assert.Equal(2, await first.Task.WaitAsync(AskTimeout));
        Assert.Equal(0, await last.Task.WaitAsync(AskTimeout));
    }

    [Fact]
    public async Task Tell_HandlersAwait_NeverTwoMessagesAtOnce()
    {
        var counter = new ConcurrencyCounter();
        var actor = _system.Spawn("concurrency", () => new ConcurrencyActor(counter));

        for (var i = 0; i < 200; i++)
        {
            actor.Tell(i);
        }

        await actor.AskAsync<int>(r => r, AskTimeout);
        Assert.Equal(1, counter.MaxConcurrent);
        Assert.Equal(Enumerable.Range(0, 200).SelectMany(i => new[] { i, -i - 1 }), counter.Events);
    }

    [Fact]
    public async Task AskAsync_ActorReplies_ReturnsAnswerAndDisposesTimer()
    {
        var probe = SpawnProbe();

        var instance = await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout);

        Assert.Equal(1, instance);
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public async Task AskAsync_NoAnswer_ThrowsAskTimeoutWhenManualClockPassesTimeout()
    {
        var probe = SpawnProbe();

        var ask = probe.AskAsync<int>(r => new Ignore(r), AskTimeout);
        Assert.Equal(1, _clock.ActiveTimerCount);
        _clock.Advance(AskTimeout - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains("/user/probe", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public async Task AskAsync_HandlerThrows_FailsWithHandlerExceptionAtOnce()
    {
        var probe = SpawnProbe();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => probe.AskAsync<int>(_ => new Boom("no answer for you"), AskTimeout));

        Assert.Equal("no answer for you", error.Message);
    }

    [Fact]
    public async Task AskAsync_Cancelled_ThrowsOperationCanceled()
    {
        var probe = SpawnProbe();
        using var cancellation = new CancellationTokenSource();

        var ask = probe.AskAsync<int>(r => new Ignore(r), AskTimeout, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public async Task AskAsync_StoppedActor_ThrowsActorStoppedAndDeadLetters()
    {
        var probe = SpawnProbe();
        await probe.StopAsync();

        await Assert.ThrowsAsync<ActorStoppedException>(() => probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout));

        var deadLetter = Assert.Single(_system.DeadLetters);
        Assert.Equal("/user/probe", deadLetter.Path);
        Assert.IsType<WhoAreYou>(deadLetter.Message);
    }

    [Fact]
    public async Task AskAsync_ActorStopsBeforeAnswering_ThrowsActorStopped()
    {
        var probe = SpawnProbe();
        var ask = probe.AskAsync<int>(r => new Ignore(r), AskTimeout);
        await probe.AskAsync<int>(r => new WhoAreYou(r), AskTimeout); // the Ignore has been handled

        await probe.StopAsync();

        await Assert.ThrowsAsync<ActorStoppedException>(() => ask);
        Assert.Empty(_system.DeadLetters);
    }

    [Fact]
    public async Task StopAsync_DuringMessage_FinishesItThenDeadLettersQueuedAndCompletes()
    {
        var probe = SpawnProbe();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Tell(new Append(1));
        probe.Tell(new Block(entered, release.Task));
        probe.Tell(new Append(2));
        probe.Tell(new Append(3));
        await entered.Task;

        var stopping = probe.StopAsync();
        Assert.True(probe.IsStopped);
        Assert.False(probe.Completion.IsCompleted);
        release.SetResult();
        await stopping;

        Assert.True(probe.Completion.IsCompletedSuccessfully);
        Assert.Equal([1], _journal.Entries);
        Assert.Equal(1, _journal.PostStops);
        Assert.Equal(
            [new DeadLetter("/user/probe", new Append(2), "Actor was stopped."), new DeadLetter("/user/probe", new Append(3), "Actor was stopped.")],
            _system.DeadLetters);
    }

    [Fact]
    public async Task Tell_AfterStop_ReturnsFalseAndPublishesDeadLetter()
    {
        var probe = SpawnProbe();
        var published = new List<DeadLetter>();
        _system.DeadLetterPublished += published.Add;
        await probe.StopAsync();

        Assert.False(probe.Tell(new Append(7)));

        var expected = new DeadLetter("/user/probe", new Append(7), "Actor was stopped.");
        Assert.Equal([expected], published);
        Assert.Equal([expected], _system.DeadLetters);
        Assert.Empty(_journal.Entries);
    }

    [Fact]
    public async Task ContextStop_FromOwnHandler_StopsWithoutDeadlock()
    {
        var probe = SpawnProbe();

        probe.Tell(new StopSelf());
        probe.Tell(new Append(1));
        await probe.Completion;

        Assert.Equal([new DeadLetter("/user/probe", new Append(1), "Actor was stopped.")], _system.DeadLetters);
        Assert.Equal(1, _journal.PostStops);
    }

    [Fact]
    public async Task StopAsync_CalledTwice_StopsOnceAndBothComplete()
    {
        var probe = SpawnProbe();

        await Task.WhenAll(probe.StopAsync(), probe.StopAsync());

        Assert.Equal(1, _journal.PostStops);
        Assert.Equal(1, _journal.PreStarts);
    }

    private ActorRef<ProbeMessage> SpawnProbe() => _system.Spawn("probe", () => new ProbeActor(_journal));
}
