using System.Collections.Concurrent;

namespace SweepCluster.Shared.Tests.Actors;

/// <summary>Records handler entries (i) and exits (-i-1) and the highest number of handlers running at once.</summary>
public sealed class ConcurrencyCounter
{
    private readonly ConcurrentQueue<int> _events = new();
    private int _running;
    private int _maxConcurrent;

    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public IReadOnlyList<int> Events => [.. _events];

    public void Enter(int id)
    {
        _events.Enqueue(id);
        var running = Interlocked.Increment(ref _running);
        int seen;
        while (running > (seen = Volatile.Read(ref _maxConcurrent)))
        {
            Interlocked.CompareExchange(ref _maxConcurrent, running, seen);
        }
    }

    public void Exit(int id)
    {
        Interlocked.Decrement(ref _running);
        _events.Enqueue(-id - 1);
    }
}
