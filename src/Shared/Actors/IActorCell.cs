namespace SweepCluster.Shared.Actors;

/// <summary>An <see cref="ActorCell{TMessage}"/> seen without its message type, for the system's registry.</summary>
internal interface IActorCell
{
    string Path { get; }

    Task StopAsync(string reason);
}
