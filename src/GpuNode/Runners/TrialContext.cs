using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.GpuNode.Runners;

/// <summary>Everything a runner needs for one attempt.</summary>
/// <param name="Key">The trial's seeds and configuration index.</param>
/// <param name="Attempt">Launch number of this attempt (1-based).</param>
/// <param name="Spec">The sweep's spec.</param>
/// <param name="Training">Training settings for this configuration (grid overrides applied).</param>
/// <param name="TrialDirectory">A directory owned by this trial for checkpoints and logs.</param>
/// <param name="ResumeFrom">Checkpoint to resume from, or null.</param>
/// <param name="PauseAtFraction">Checkpoint and return <see cref="TrialResult.Paused"/> on reaching this fraction.</param>
/// <param name="Reporter">Where progress, metrics and checkpoints are reported.</param>
/// <param name="Time">The clock; runners never read ambient time.</param>
/// <param name="Threads">Compute threads this slot may use.</param>
/// <param name="StopRequested">Cancelled when the trial must stop; return <see cref="TrialResult.Stopped"/>.</param>
/// <param name="PauseRequested">Cancelled when the trial must checkpoint and pause.</param>
/// <param name="Slot">The node slot (0-based) the attempt runs in; it selects the slot's GPU (<see cref="Agent.NodeOptions.GpuForSlot"/>).</param>
public sealed record TrialContext(
    TrialKey Key,
    int Attempt,
    ExperimentSpec Spec,
    TrainingSpec Training,
    string TrialDirectory,
    string? ResumeFrom,
    double? PauseAtFraction,
    ITrialReporter Reporter,
    TimeProvider Time,
    int Threads,
    CancellationToken StopRequested,
    CancellationToken PauseRequested,
    int Slot = 0);
