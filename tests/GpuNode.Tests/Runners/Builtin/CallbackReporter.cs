using SweepCluster.GpuNode.Runners;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners.Builtin;

/// <summary>A <see cref="RecordingReporter"/> that also calls back on progress (to request a stop or pause mid-run).</summary>
internal sealed class CallbackReporter(Action<long> onProgress) : ITrialReporter
{
    public RecordingReporter Recorded { get; } = new();

    public void Progress(long step, long totalSteps)
    {
        Recorded.Progress(step, totalSteps);
        onProgress(step);
    }

    public void Metric(long step, double fraction, string name, double value) => Recorded.Metric(step, fraction, name, value);

    public void Checkpoint(long step, double fraction, string path) => Recorded.Checkpoint(step, fraction, path);
}
