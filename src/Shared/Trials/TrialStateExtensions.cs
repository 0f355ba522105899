namespace SweepCluster.Shared.Trials;

/// <summary>Classification helpers for <see cref="TrialState"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>True for the states a trial never leaves.</summary>
    public static bool IsTerminal(this TrialState state) => state is TrialState.Completed
        or TrialState.EarlyStopped or TrialState.Diverged or TrialState.Failed or TrialState.Cancelled;

    /// <summary>True while the trial holds a slot on a node.</summary>
    public static bool HoldsSlot(this TrialState state) => state is TrialState.Assigned or TrialState.Running;
}
