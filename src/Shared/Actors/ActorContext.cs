using Microsoft.Extensions.Logging;

namespace SweepCluster.Shared.Actors;

/// <summary>What an actor knows about its surroundings; see <see cref="Actor{TMessage}.Context"/>.</summary>
/// <typeparam name="TMessage">The actor's message contract.</typeparam>
public sealed class ActorContext<TMessage>
    where TMessage : class
{
    internal ActorContext(ActorRef<TMessage> self, ActorSystem system, ILogger logger)
    {
        Self = self;
        System = system;
        Logger = logger;
    }

    /// <summary>The actor's own reference: give it to others so they can answer, or tell yourself results of background work.</summary>
    public ActorRef<TMessage> Self { get; }

    /// <summary>The system the actor lives in (to spawn other actors).</summary>
    public ActorSystem System { get; }

    /// <summary>A logger whose category is the actor's type.</summary>
    public ILogger Logger { get; }

    /// <summary>
    /// How many messages wait in the mailbox behind the one being handled (a snapshot: more may
    /// arrive at any time). An actor can use it to batch work, e.g. to make one journal write for
    /// several queued messages and do it when this reaches zero.
    /// </summary>
    public int QueuedMessages => Self.QueuedCount;

    /// <summary>The system's clock. Actors must use it instead of ambient time.</summary>
    public TimeProvider Time => System.Time;

    /// <summary>
    /// Asks the actor to stop after the current message, without waiting (Akka's
    /// <c>Context.Stop(Self)</c>). Use this from a handler: awaiting
    /// <see cref="ActorRef{TMessage}.StopAsync"/> there would wait for the handler itself.
    /// </summary>
    public void Stop() => _ = Self.StopAsync();
}
