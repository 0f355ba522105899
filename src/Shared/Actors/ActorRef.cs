namespace SweepCluster.Shared.Actors;

/// <summary>
/// The only handle to an actor: send it messages, ask it questions, stop it. Cheap to copy and
/// safe to use from any thread; messages from one sender arrive in the order sent.
/// </summary>
/// <typeparam name="TMessage">The actor's message contract.</typeparam>
public sealed class ActorRef<TMessage>
    where TMessage : class
{
    private readonly ActorCell<TMessage> _cell;

    internal ActorRef(ActorCell<TMessage> cell) => _cell = cell;

    /// <summary>The actor's path, <c>/user/{name}</c>.</summary>
    public string Path => _cell.Path;

    /// <summary>Completes when the actor has stopped for good and <see cref="Actor{TMessage}.PostStopAsync"/> has run.</summary>
    public Task Completion => _cell.Completion;

    /// <summary>Messages queued and not yet being handled.</summary>
    internal int QueuedCount => _cell.QueuedCount;

    /// <summary>True once the actor no longer accepts messages (stop requested, restart limit exceeded or system disposed).</summary>
    public bool IsStopped => _cell.IsStopped;

    /// <summary>
    /// Queues <paramref name="message"/> without waiting (Akka's <c>Tell</c>). Returns false, and
    /// publishes a <see cref="DeadLetter"/>, when the actor is stopped. A message accepted just as a
    /// stop is requested may still become a dead letter.
    /// </summary>
    public bool Tell(TMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _cell.Tell(message, null);
    }

    /// <summary>
    /// Sends the message built around a fresh <see cref="Reply{T}"/> and waits for the answer
    /// (Akka's <c>Ask</c>). Example: <c>await sweep.AskAsync&lt;SweepStatus&gt;(r =&gt; new GetStatus(r), timeout)</c>.
    /// </summary>
    /// <param name="build">Builds the request message around the reply slot.</param>
    /// <param name="timeout">How long to wait, on the system's <see cref="TimeProvider"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Abandons the wait (the message may still be handled).</param>
    /// <exception cref="AskTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="ActorStoppedException">The actor was stopped, or stopped before answering.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <remarks>
    /// If the handler throws while handling the request, the ask fails with that exception at once
    /// (Akka would let it time out). Asking an actor from its own handler waits for that handler:
    /// it can only time out.
    /// </remarks>
    public Task<TReply> AskAsync<TReply>(
        Func<Reply<TReply>, TMessage> build, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        }

        return _cell.AskAsync(build, timeout, cancellationToken);
    }

    /// <summary>
    /// Stops the actor after the message in progress; queued messages become dead letters and
    /// unanswered asks fail with <see cref="ActorStoppedException"/>. Completes with
    /// <see cref="Completion"/>. From the actor's own handler use <see cref="ActorContext{TMessage}.Stop"/>.
    /// </summary>
    public Task StopAsync() => _cell.StopAsync(ActorCell<TMessage>.StoppedReason);

    /// <inheritdoc/>
    public override string ToString() => Path;
}
