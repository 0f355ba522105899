namespace SweepCluster.GpuNode.Runners;

/// <summary>The runner's channel back to the coordinator. Calls never block on the network.</summary>
public interface ITrialReporter
{
    /// <summary>Progress without a metric (shown live, not journaled).</summary>
    void Progress(long step, long totalSteps);

    /// <summary>A metric at <paramref name="step"/>; <paramref name="fraction"/> is the share of training done.</summary>
    void Metric(long step, double fraction, string name, double value);

    /// <summary>A checkpoint was written at <paramref name="path"/> and can be resumed from.</summary>
    void Checkpoint(long step, double fraction, string path);
}
