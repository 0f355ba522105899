namespace SweepCluster.Shared.Actors;

/// <summary>An actor exceeded its restart limit and was stopped for good.</summary>
/// <param name="Path">Path of the stopped actor.</param>
/// <param name="LastError">The failure that exceeded the limit.</param>
/// <param name="Restarts">How many supervised restarts the actor went through in its whole life.</param>
public sealed record ActorFailure(string Path, Exception LastError, int Restarts);
