using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Runners;

/// <summary>How an attempt ended, as a runner reports it.</summary>
/// <param name="Outcome">Completed, Paused, Stopped, Diverged or Failed.</param>
/// <param name="FinalMetric">The final validation metric when training completed.</param>
/// <param name="Steps">Optimizer steps done in total (including those before a resume).</param>
/// <param name="Checkpoint">The checkpoint written on pause, if any.</param>
/// <param name="Message">Why it failed, diverged or stopped.</param>
public sealed record TrialResult(TrialOutcomeKind Outcome, double? FinalMetric, long Steps, string? Checkpoint, string? Message)
{
    /// <summary>Trained to the end.</summary>
    public static TrialResult Completed(double? finalMetric, long steps) => new(TrialOutcomeKind.Completed, finalMetric, steps, null, null);

    /// <summary>Checkpointed and paused.</summary>
    public static TrialResult Paused(long steps, string checkpoint) => new(TrialOutcomeKind.Paused, null, steps, checkpoint, null);

    /// <summary>Stopped on request.</summary>
    public static TrialResult Stopped(long steps) => new(TrialOutcomeKind.Stopped, null, steps, null, null);

    /// <summary>Loss became non-finite.</summary>
    public static TrialResult Diverged(long steps, string message) => new(TrialOutcomeKind.Diverged, null, steps, null, message);

    /// <summary>Failed with a message.</summary>
    public static TrialResult Failed(long steps, string message) => new(TrialOutcomeKind.Failed, null, steps, null, message);
}
