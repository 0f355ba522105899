namespace SweepCluster.Coordinator.Reports;

/// <summary>Where a trial's <see cref="TrialReport.Score"/> comes from.</summary>
public enum ScoreSource
{
    /// <summary>No score: the trial reported no final metric and no finite ranking-metric value.</summary>
    None,

    /// <summary>The final metric of the finished trial.</summary>
    Final,

    /// <summary>The latest evaluation of the ranking metric: the trial is still running, or ended without a final metric.</summary>
    LatestEvaluation,
}
