using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Shared.Actors;
using SweepCluster.TestKit;

namespace SweepCluster.Shared.Tests.Actors;

public sealed class ActorSystemTests : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _clock = new();
    private readonly ActorSystem _system;

    public ActorSystemTests() => _system = new ActorSystem(NullLoggerFactory.Instance, _clock);

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    [Fact]
    public void Spawn_Name_PathIsUnderUser()
    {
        var probe = _system.Spawn("sweep-42", () => new ProbeActor(new ProbeJournal()));

        Assert.Equal("/user/sweep-42", probe.Path);
        Assert.Equal("/user/sweep-42", probe.ToString());
    }

    [Fact]
    public void Spawn_DuplicateLiveName_Throws()
    {
        _system.Spawn("twin", () => new ProbeActor(new ProbeJournal()));

        Assert.Throws<InvalidOperationException>(() => _system.Spawn("twin", () => new ProbeActor(new ProbeJournal())));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    public void Spawn_InvalidName_Throws(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => _system.Spawn(name, () => new ProbeActor(new ProbeJournal())));

    [Fact]
    public async Task Spawn_NameOfStoppedActor_StartsNewActor()
    {
        var first = _system.Spawn("reused", () => new ProbeActor(new ProbeJournal()));
        await first.StopAsync();

        var second = _system.Spawn("reused", () => new ProbeActor(new ProbeJournal()));

        Assert.Equal(1, await second.AskAsync<int>(r => new WhoAreYou(r), AskTimeout));
        Assert.False(first.Tell(new Append(1)));
    }

    [Fact]
    public async Task Context_InPreStart_ExposesSelfSystemAndClock()
    {
        var seen = new TaskCompletionSource<(string Path, ActorSystem System, DateTimeOffset Now)>(
            TaskCreationOptions.RunContinuationsAsynchronously);

        _system.Spawn("context", () => new ContextProbeActor(seen));

        var (path, system, now) = await seen.Task;
        Assert.Equal("/user/context", path);
        Assert.Same(_system, system);
        Assert.Equal(ManualTimeProvider.DefaultStart, now);
    }

    [Fact]
    public void Context_InConstructor_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new ContextProbeActor(null));

    [Fact]
    public async Task DisposeAsync_StopsEveryActorAndRefusesNewOnes()
    {
        var journals = new[] { new ProbeJournal(), new ProbeJournal(), new ProbeJournal() };
        var actors = journals.Select((j, i) => _system.Spawn($"a{i}", () => new ProbeActor(j))).ToArray();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actors[0].Tell(new Block(entered, release.Task));
        actors[0].Tell(new Append(1));
        await entered.Task;

        var disposing = _system.DisposeAsync();
        release.SetResult();
        await disposing;

        Assert.All(actors, a => Assert.True(a.Completion.IsCompletedSuccessfully));
        Assert.All(actors, a => Assert.True(a.IsStopped));
        Assert.All(journals, j => Assert.Equal(1, j.PostStops));
        Assert.False(actors[1].Tell(new Append(2)));
        Assert.Equal(
            [new DeadLetter("/user/a0", new Append(1), "Actor system was disposed."),
             new DeadLetter("/user/a1", new Append(2), "Actor system was disposed.")],
            _system.DeadLetters);
        Assert.Throws<ObjectDisposedException>(() => _system.Spawn("late", () => new ProbeActor(new ProbeJournal())));
        await _system.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task DeadLetters_MoreThanCapacity_KeepsMostRecentInOrder()
    {
        var probe = _system.Spawn("gone", () => new ProbeActor(new ProbeJournal()));
        await probe.StopAsync();

        for (var i = 0; i < ActorSystem.DeadLetterCapacity + 5; i++)
        {
            probe.Tell(new Append(i));
        }

        var letters = _system.DeadLetters;
        Assert.Equal(ActorSystem.DeadLetterCapacity, letters.Count);
        Assert.Equal(new Append(5), letters[0].Message);
        Assert.Equal(new Append(ActorSystem.DeadLetterCapacity + 4), letters[^1].Message);
    }

    [Fact]
    public async Task DeadLetterPublished_HandlerThrows_OtherHandlersStillRunAndTellReturnsNormally()
    {
        var probe = _system.Spawn("gone", () => new ProbeActor(new ProbeJournal()));
        await probe.StopAsync();
        var seen = new List<DeadLetter>();
        _system.DeadLetterPublished += _ => throw new InvalidOperationException("bad handler");
        _system.DeadLetterPublished += seen.Add;

        Assert.False(probe.Tell(new Append(1)));

        Assert.Equal(new Append(1), Assert.Single(seen).Message);
    }
}
