using SweepCluster.GpuNode.Runners;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>Records every report; <see cref="FirstMetric"/> completes on the first metric (a sync point for stop and pause tests).</summary>
internal sealed class RecordingReporter : ITrialReporter
{
    private readonly Lock _gate = new();
    private readonly List<(long Step, double Fraction, string Name, double Value)> _metrics = [];
    private readonly List<(long Step, double Fraction, string Path)> _checkpoints = [];
    private readonly List<(long Step, long Total)> _progress = [];
    private readonly TaskCompletionSource _firstMetric = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstMetric => _firstMetric.Task;

    public IReadOnlyList<(long Step, double Fraction, string Name, double Value)> Metrics
    {
        get
        {
            lock (_gate)
            {
                return [.. _metrics];
            }
        }
    }

    public IReadOnlyList<(long Step, double Fraction, string Path)> Checkpoints
    {
        get
        {
            lock (_gate)
            {
                return [.. _checkpoints];
            }
        }
    }

    public IReadOnlyList<(long Step, long Total)> ProgressReports
    {
        get
        {
            lock (_gate)
            {
                return [.. _progress];
            }
        }
    }

    public void Progress(long step, long totalSteps)
    {
        lock (_gate)
        {
            _progress.Add((step, totalSteps));
        }
    }

    public void Metric(long step, double fraction, string name, double value)
    {
        lock (_gate)
        {
            _metrics.Add((step, fraction, name, value));
        }

        _firstMetric.TrySetResult();
    }

    public void Checkpoint(long step, double fraction, string path)
    {
        lock (_gate)
        {
            _checkpoints.Add((step, fraction, path));
        }
    }
}
