namespace SweepCluster.Coordinator.Reports;

/// <summary>How far a sweep has come.</summary>
/// <param name="Ended">Trials in a terminal state.</param>
/// <param name="TrialCount">All trials of the sweep.</param>
/// <param name="TrainingDone">Mean over trials of the share of training done (a trial that ended counts as 1), 0..1.</param>
/// <param name="ComputeSteps">Training steps spent so far, summed over trials (see <see cref="TrialReport.ComputeSteps"/>).</param>
public sealed record ReportProgress(int Ended, int TrialCount, double TrainingDone, long ComputeSteps);
