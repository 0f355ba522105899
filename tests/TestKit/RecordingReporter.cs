using System.Collections.Concurrent;
using SweepCluster.GpuNode.Runners;

namespace SweepCluster.TestKit;

/// <summary>Records what a runner reports, in order.</summary>
public sealed class RecordingReporter : ITrialReporter
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every report as a line: <c>metric step fraction name value</c>, <c>checkpoint step path</c>, <c>progress step/total</c>.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Metric reports only: (step, name, value).</summary>
    public List<(long Step, string Name, double Value)> Metrics { get; } = [];

    /// <summary>Checkpoint paths in order.</summary>
    public List<string> Checkpoints { get; } = [];

    /// <inheritdoc/>
    public void Progress(long step, long totalSteps) => _entries.Enqueue($"progress {step}/{totalSteps}");

    /// <inheritdoc/>
    public void Metric(long step, double fraction, string name, double value)
    {
        lock (Metrics)
        {
            Metrics.Add((step, name, value));
        }

        _entries.Enqueue(FormattableString.Invariant($"metric {step} {fraction} {name} {value}"));
    }

    /// <inheritdoc/>
    public void Checkpoint(long step, double fraction, string path)
    {
        lock (Checkpoints)
        {
            Checkpoints.Add(path);
        }

        _entries.Enqueue($"checkpoint {step} {path}");
    }
}
