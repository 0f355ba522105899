using SweepCluster.Shared.Actors;

namespace SweepCluster.Shared.Tests.Actors;

public sealed class ThrowingPostStopActor : Actor<ProbeMessage>
{
    protected internal override Task ReceiveAsync(ProbeMessage message) => Task.CompletedTask;

    protected internal override Task PostStopAsync() => throw new InvalidOperationException("post stop failed");
}
