using System.Collections.Concurrent;
using SweepCluster.Shared.Actors;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// The live sweep actors by sweep id, and a completion signal per sweep. Shared by the host, the
/// node registry (to broadcast node changes) and the gateway (to route node events).
/// </summary>
internal sealed class SweepDirectory
{
    private readonly ConcurrentDictionary<string, ActorRef<SweepMessage>> _actors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _done = new(StringComparer.Ordinal);

    public IEnumerable<ActorRef<SweepMessage>> All => _actors.Values;

    public void Add(string sweepId, ActorRef<SweepMessage> actor) => _actors[sweepId] = actor;

    public bool TryGet(string sweepId, out ActorRef<SweepMessage> actor) => _actors.TryGetValue(sweepId, out actor!);

    /// <summary>Completes when every trial of the sweep is terminal.</summary>
    public Task WhenDone(string sweepId) => Signal(sweepId).Task;

    public void MarkDone(string sweepId) => Signal(sweepId).TrySetResult();

    /// <summary>A resumed sweep runs again: a completed signal is replaced by a fresh one.</summary>
    public void Reopen(string sweepId) =>
        _done.AddOrUpdate(
            sweepId,
            _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            (_, old) => old.Task.IsCompleted ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : old);

    private TaskCompletionSource Signal(string sweepId) =>
        _done.GetOrAdd(sweepId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
