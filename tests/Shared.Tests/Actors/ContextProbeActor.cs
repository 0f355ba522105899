using SweepCluster.Shared.Actors;

namespace SweepCluster.Shared.Tests.Actors;

/// <summary>Reports what its context shows in PreStartAsync; reads the context in its constructor when given no sink.</summary>
public sealed class ContextProbeActor : Actor<ProbeMessage>
{
    private readonly TaskCompletionSource<(string Path, ActorSystem System, DateTimeOffset Now)>? _seen;

    public ContextProbeActor(TaskCompletionSource<(string Path, ActorSystem System, DateTimeOffset Now)>? seen)
    {
        _seen = seen;
        if (seen is null)
        {
            _ = Context.Self;
        }
    }

    protected internal override Task PreStartAsync()
    {
        _seen?.SetResult((Context.Self.Path, Context.System, Context.Time.GetUtcNow()));
        return Task.CompletedTask;
    }

    protected internal override Task ReceiveAsync(ProbeMessage message) => Task.CompletedTask;
}
