namespace SweepCluster.Shared.Actors;

/// <summary>
/// Thrown by <see cref="ActorRef{TMessage}.AskAsync{TReply}"/> when the actor was stopped, or
/// stopped before it answered.
/// </summary>
public sealed class ActorStoppedException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ActorStoppedException()
        : base("The actor is stopped.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ActorStoppedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ActorStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
