using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// A stopping policy, evaluated by <see cref="SweepState"/>. A policy holds only its parameters:
/// everything it knows about trials it reads from the folded state (metrics, states, the decisions
/// already journaled), so replaying the journal gives the same view and a decision already made is
/// seen and never made twice. Decisions go through the <see cref="SweepState"/> helpers
/// (<c>StopRunning</c>, <c>RecordDecision</c>, <c>ResumePaused</c>, <c>EndPaused</c>), which emit a
/// <c>DecisionMade</c> before any command it causes.
/// </summary>
internal interface IStoppingPolicy
{
    /// <summary>The policy name as written in the spec and in <c>DecisionMade.Policy</c>.</summary>
    string Name { get; }

    /// <summary>
    /// An attempt was just assigned a slot; its start command goes out after this. Returns the
    /// fraction of training at which the attempt must checkpoint and pause, or null.
    /// </summary>
    double? OnAssigning(SweepState sweep, TrialRecord trial, Effects fx) => null;

    /// <summary>True when a Paused outcome of the trial's current attempt is the pause this policy asked for.</summary>
    bool IsPolicyPause(TrialRecord trial, long steps) => false;

    /// <summary>A new metric of the trial's current attempt was journaled (the trial holds a slot, no stop is pending).</summary>
    void OnMetric(SweepState sweep, TrialRecord trial, MetricPoint point, Effects fx)
    {
    }

    /// <summary>The trial paused or reached a terminal state.</summary>
    void OnSettled(SweepState sweep, TrialRecord trial, Effects fx)
    {
    }

    /// <summary>The sweep's state was rebuilt from the journal (coordinator start or actor restart).</summary>
    void OnRecovered(SweepState sweep, Effects fx)
    {
    }
}
