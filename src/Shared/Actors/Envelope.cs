namespace SweepCluster.Shared.Actors;

/// <summary>
/// A mailbox item: a user message (with the reply slot when it was sent by Ask), or the start
/// signal (<see cref="Message"/> null) that makes the first instance run before any message.
/// </summary>
internal readonly record struct Envelope<TMessage>(TMessage? Message, IPendingReply? Reply)
    where TMessage : class
{
    public static Envelope<TMessage> Start => default;
}
