using SweepCluster.Shared.Actors;

namespace SweepCluster.Shared.Tests.Actors;

public abstract record ProbeMessage;

/// <summary>Journals the value, then adds it to the in-memory state.</summary>
public sealed record Append(int Value) : ProbeMessage;

/// <summary>Throws <see cref="InvalidOperationException"/> with the reason.</summary>
public sealed record Boom(string Reason) : ProbeMessage;

public sealed record GetValues(Reply<IReadOnlyList<int>> Reply) : ProbeMessage;

/// <summary>Signals <paramref name="Entered"/>, then keeps the actor busy until <paramref name="Release"/> completes.</summary>
public sealed record Block(TaskCompletionSource Entered, Task Release) : ProbeMessage;

/// <summary>Keeps the reply without ever answering it.</summary>
public sealed record Ignore(Reply<int> Reply) : ProbeMessage;

/// <summary>Answers with the instance number (1 for the first instance, 2 after one restart...).</summary>
public sealed record WhoAreYou(Reply<int> Reply) : ProbeMessage;

/// <summary>Answers with <see cref="ActorContext{TMessage}.QueuedMessages"/> as the handler sees it.</summary>
public sealed record CountQueued(Reply<int> Reply) : ProbeMessage;

/// <summary>Stops the actor from its own handler with <see cref="ActorContext{TMessage}.Stop"/>.</summary>
public sealed record StopSelf : ProbeMessage;
