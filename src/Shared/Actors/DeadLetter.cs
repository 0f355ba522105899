namespace SweepCluster.Shared.Actors;

/// <summary>A message that was never handled because its actor had stopped or was stopping.</summary>
/// <param name="Path">Path of the addressee, e.g. <c>/user/sweep-42</c>.</param>
/// <param name="Message">The undelivered message.</param>
/// <param name="Reason">Why it was not delivered (stopped, restart limit exceeded, system disposed).</param>
public sealed record DeadLetter(string Path, object Message, string Reason);
