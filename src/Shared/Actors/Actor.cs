namespace SweepCluster.Shared.Actors;

/// <summary>
/// Base class of every actor: a piece of state that handles its messages one at a time, in the
/// order they were sent. Spawn it with <see cref="ActorSystem.Spawn{TMessage}"/>; talk to it
/// only through the returned <see cref="ActorRef{TMessage}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Shaped like an Akka.NET <c>ReceiveActor</c>: <see cref="PreStartAsync"/> ≈ <c>PreStart</c>,
/// <see cref="ReceiveAsync"/> ≈ the receive handlers, <see cref="PostStopAsync"/> ≈ <c>PostStop</c>.
/// </para>
/// <para>
/// A handler that awaits keeps the actor busy until its task completes: no other message of
/// this actor runs in between (like Akka's persist + stash). So never await long I/O in a
/// handler; start the work as a task and <see cref="ActorRef{TMessage}.Tell"/> its result back to
/// <see cref="ActorContext{TMessage}.Self"/>.
/// </para>
/// <para>
/// When a handler throws, the system drops that message, creates a fresh instance through the
/// factory given to <c>Spawn</c>, runs its <see cref="PreStartAsync"/> and goes on with the next
/// queued message. Fields of the failed instance are lost: state that must survive belongs in the
/// journal and is rebuilt in <see cref="PreStartAsync"/>.
/// </para>
/// </remarks>
/// <typeparam name="TMessage">The actor's message contract, usually an abstract record whose sealed records are the messages.</typeparam>
public abstract class Actor<TMessage>
    where TMessage : class
{
    private ActorContext<TMessage>? _context;

    /// <summary>
    /// The actor's own reference, system, logger and clock. Set by the system before
    /// <see cref="PreStartAsync"/>; reading it from the constructor throws.
    /// </summary>
    protected ActorContext<TMessage> Context =>
        _context ?? throw new InvalidOperationException(
            "The actor context is set by the ActorSystem before PreStartAsync; it is not available in the constructor.");

    /// <summary>
    /// Runs before the first message, on the first instance and on every fresh instance created by
    /// a supervised restart. This is where state is rebuilt from the journal. Throwing here counts
    /// as a failure (the instance is replaced, within the restart limit).
    /// </summary>
    protected internal virtual Task PreStartAsync() => Task.CompletedTask;

    /// <summary>Handles one message. Never called concurrently for one actor.</summary>
    protected internal abstract Task ReceiveAsync(TMessage message);

    /// <summary>
    /// Runs once after the actor has stopped for good (stopped, system disposed, or restart limit
    /// exceeded), on the last instance. Not called between supervised restarts. Exceptions are logged.
    /// </summary>
    protected internal virtual Task PostStopAsync() => Task.CompletedTask;

    internal void Attach(ActorContext<TMessage> context) => _context = context;
}
