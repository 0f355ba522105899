namespace SweepCluster.Shared.Actors;

/// <summary>
/// Thrown by <see cref="ActorRef{TMessage}.AskAsync{TReply}"/> when no answer came within the
/// timeout (measured with the system's <see cref="TimeProvider"/>).
/// </summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AskTimeoutException()
        : base("The actor did not answer in time.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
