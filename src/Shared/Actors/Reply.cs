namespace SweepCluster.Shared.Actors;

/// <summary>
/// The answer slot of a request: an actor receives it inside a message (built by
/// <see cref="ActorRef{TMessage}.AskAsync{TReply}"/>) and completes it, possibly later or from
/// another actor. Only the first <see cref="Complete"/> or <see cref="Fail"/> counts.
/// </summary>
/// <typeparam name="T">The type of the answer.</typeparam>
public sealed class Reply<T> : IPendingReply
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The answer as a task. <see cref="ActorRef{TMessage}.AskAsync{TReply}"/> awaits it; a test
    /// that drives an actor with <see cref="ActorRef{TMessage}.Tell"/> can await it directly.
    /// </summary>
    public Task<T> Task => _completion.Task;

    /// <summary>Whether an answer (value, error or cancellation) has been given.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Answers with <paramref name="value"/>; ignored if already answered.</summary>
    public void Complete(T value) => _completion.TrySetResult(value);

    /// <summary>Answers with an error the asker will see thrown; ignored if already answered.</summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _completion.TrySetException(error);
    }

    bool IPendingReply.TryFail(Exception error) => _completion.TrySetException(error);

    internal void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
