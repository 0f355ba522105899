using SweepCluster.Shared.Actors;

namespace SweepCluster.Shared.Tests.Actors;

/// <summary>
/// Messages are ints (boxed; answered with <see cref="Reply{T}"/> when one is sent): each handler
/// yields to the thread pool several times so that overlapping handlers, if the kernel allowed
/// them, would show in <see cref="ConcurrencyCounter"/>.
/// </summary>
public sealed class ConcurrencyActor(ConcurrencyCounter counter) : Actor<object>
{
    protected internal override async Task ReceiveAsync(object message)
    {
        if (message is Reply<int> reply)
        {
            reply.Complete(0);
            return;
        }

        var id = (int)message;
        counter.Enter(id);
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
        }

        counter.Exit(id);
    }
}
