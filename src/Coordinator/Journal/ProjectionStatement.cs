namespace SweepCluster.Coordinator.Journal;

/// <summary>The statements of <see cref="QueryProjection"/>; the value indexes <see cref="QueryProjection.Statements"/>.</summary>
internal enum ProjectionStatement
{
    InsertSweep,
    SetSweepStatus,
    CancelTrials,
    QueueTrial,
    SetTrialState,
    AssignTrial,
    PauseTrial,
    FinishTrial,
    CheckpointTrial,

    /// <summary>Changes no row when the metric is already stored: the event is then a duplicate.</summary>
    InsertMetric,
    MetricToTrial,
    InsertDecision,
    DecisionToTrial,
    JoinNode,
    LoseNode,
}
