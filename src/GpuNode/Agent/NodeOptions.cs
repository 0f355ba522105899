namespace SweepCluster.GpuNode.Agent;

/// <summary>Settings of a node agent.</summary>
public sealed class NodeOptions
{
    /// <summary>Node name; must be unique in the cluster. Default: the machine name.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>Trials run at once. Default: the processor count.</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>Where trial directories (checkpoints, logs) live. Default: <c>.sweep/work</c>.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(".sweep", "work");

    /// <summary>
    /// Where events wait for acknowledgement on disk (<c>NODE_ID.events</c>, see
    /// <see cref="EventOutbox"/>), so that a node process that dies while the coordinator is
    /// unreachable delivers its finished trials after a restart instead of having them re-run.
    /// Default: null (memory only: embedded mode and tests). <c>sweep node</c> uses <c>WORK_DIR/outbox</c>.
    /// </summary>
    public string? OutboxDirectory { get; set; }

    /// <summary>
    /// Compute threads a slot may use: the built-in engine's GEMM threads and the thread variables of
    /// command runners are <c>training.threads</c> capped at this. Default: null, meaning
    /// <c>max(1, processor count / Slots)</c>, so parallel trials never oversubscribe the cores.
    /// </summary>
    public int? ThreadsPerSlot { get; set; }

    /// <summary>The per-slot thread budget (<see cref="ThreadsPerSlot"/> or the cores divided among the slots).</summary>
    public int SlotThreads => ThreadsPerSlot ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Slots));

    /// <summary>Compute threads for a trial asking for <paramref name="requested"/> (<c>training.threads</c>).</summary>
    public int ThreadsFor(int requested) => Math.Clamp(requested, 1, SlotThreads);

    /// <summary>Events sent per sync at most. Default 2000.</summary>
    public int MaxEventsPerSync { get; set; } = 2000;

    /// <summary>Longest wait between retries while the coordinator is unreachable. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// GPUs of this machine as <c>CUDA_VISIBLE_DEVICES</c> names them (indices such as <c>0</c>, or
    /// UUIDs such as <c>GPU-5c1f…</c>). Slot <c>i</c> uses <c>Gpus[i % Gpus.Count]</c>, so with more
    /// slots than GPUs several trials share a GPU. Default: null (CPU only; command runners then set
    /// <c>CUDA_VISIBLE_DEVICES</c> to the empty string).
    /// </summary>
    public IReadOnlyList<string>? Gpus { get; set; }

    /// <summary>The GPU a slot uses, or null on a CPU-only node.</summary>
    public string? GpuForSlot(int slot) => Gpus is { Count: > 0 } gpus ? gpus[slot % gpus.Count] : null;

    /// <summary>Throws when the settings are unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeId) || NodeId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"node id '{NodeId}' must be non-empty and contain no '/'");
        }

        if (Slots < 1 || MaxEventsPerSync < 1 || ThreadsPerSlot < 1)
        {
            throw new ArgumentException("Slots, MaxEventsPerSync and ThreadsPerSlot must be at least 1.");
        }

        foreach (var gpu in Gpus ?? [])
        {
            if (gpu.Length is 0 or > 64 || !gpu.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':'))
            {
                throw new ArgumentException($"GPU name '{gpu}' must be 1-64 characters from A-Z a-z 0-9 '-' ':'");
            }
        }
    }
}
