using SweepCluster.GpuNode.Runners;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// A runner that reports <c>metrics</c> loss values at steps 1…N as fast as it can and completes:
/// node events for the ingest benchmark without the simulated runner's checkpoint files. It takes
/// the place of the <c>simulated</c> runner kind, so any simulated spec runs on it.
/// </summary>
internal sealed class FloodRunner(int metrics) : ITrialRunner
{
    public string Kind => "simulated";

    public async Task<TrialResult> RunAsync(TrialContext context)
    {
        for (var step = 1; step <= metrics; step++)
        {
            context.Reporter.Metric(step, (double)step / metrics, "loss", 1.0 / step);
            if (step % 1000 == 0)
            {
                await Task.Yield();
            }
        }

        return TrialResult.Completed(0.9, metrics);
    }
}
