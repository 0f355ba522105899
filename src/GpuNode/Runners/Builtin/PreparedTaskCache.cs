namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// Prepared tasks shared by the trials of a process: the first trial that needs a task prepares it, the
/// others wait for that result instead of reading and tokenizing the data again. Bounded: beyond
/// <see cref="Capacity"/> tasks, the least recently used is dropped (trials holding it keep their reference).
/// A preparation that fails is not cached, so a later trial tries again.
/// </summary>
internal sealed class PreparedTaskCache(int capacity = 4)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<PreparedTaskKey, Lazy<PreparedTask>> _entries = [];
    private readonly LinkedList<PreparedTaskKey> _recency = new();

    /// <summary>Most tasks kept at once.</summary>
    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Number of preparations started (for tests: equal keys prepare once).</summary>
    public int Preparations { get; private set; }

    /// <summary>The prepared task for <paramref name="key"/>, preparing it with <paramref name="prepare"/> if needed.</summary>
    public PreparedTask Get(PreparedTaskKey key, Func<PreparedTaskKey, PreparedTask> prepare)
    {
        Lazy<PreparedTask> entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Lazy<PreparedTask>(() => prepare(key), LazyThreadSafetyMode.ExecutionAndPublication);
                _entries[key] = entry;
                Preparations++;
                while (_entries.Count > Capacity && _recency.Last is { } oldest)
                {
                    _entries.Remove(oldest.Value);
                    _recency.RemoveLast();
                }
            }
            else
            {
                _recency.Remove(key);
            }

            _recency.AddFirst(key);
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(key);
                    _recency.Remove(key);
                }
            }

            throw;
        }
    }
}
