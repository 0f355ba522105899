using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// What the coordinator knows about one trial: its place in the state machine, its current attempt
/// and where it runs. Mutated only by <see cref="SweepState.Apply"/>, so it is always the fold of
/// the journal.
/// </summary>
internal sealed class TrialRecord(TrialKey key, int order)
{
    private readonly Dictionary<string, List<MetricPoint>> _series = new(StringComparer.Ordinal);

    public TrialKey Key { get; } = key;

    public string TrialId { get; } = key.TrialId;

    /// <summary>Position in expansion order; the queue serves lower first.</summary>
    public int Order { get; } = order;

    public TrialState State { get; set; } = TrialState.Queued;

    /// <summary>Launch number of the current attempt (1-based; every relaunch increments it).</summary>
    public int Attempt { get; set; }

    /// <summary>How many attempts were lost with their node (bounded by the spec's max_attempts).</summary>
    public int LostAttempts { get; set; }

    public string? NodeId { get; set; }

    public int Slot { get; set; }

    public string? ResumeFrom { get; set; }

    public long ResumeStep { get; set; }

    /// <summary>Checkpoints journaled for the current attempt, so a redelivered one is not journaled again.</summary>
    public HashSet<(long Step, string Path)> AttemptCheckpoints { get; } = [];

    public string? LastCheckpoint { get; set; }

    public long LastCheckpointStep { get; set; }

    /// <summary>Highest step seen from any attempt, live progress included (for display).</summary>
    public long Step { get; set; }

    /// <summary>
    /// Highest step the current attempt is known to have reached: its resume step until it reports,
    /// then its journaled metrics, checkpoints, pause and end, and live progress. Events that end or
    /// lose the attempt carry this, never <see cref="Step"/>, so that compute counts each attempt once.
    /// </summary>
    public long AttemptStep { get; set; }

    /// <summary>Total steps of training as the runner last reported (live progress; not journaled).</summary>
    public long TotalSteps { get; set; }

    public double Fraction { get; set; }

    public double? FinalMetric { get; set; }

    public string? Message { get; set; }

    /// <summary>Reason of the latest policy decision about this trial.</summary>
    public string? DecisionReason { get; set; }

    /// <summary>
    /// The terminal state a stop command was sent for (EarlyStopped, Diverged, Cancelled), so that
    /// the runner's "stopped" answer lands in the right state. Null when no stop is pending.
    /// </summary>
    public TrialState? PendingStop { get; set; }

    /// <summary>
    /// True when the sweep's cancel ended (or is ending) this trial — not a user's stop of the trial or a
    /// policy — so that resuming the sweep reopens it.
    /// </summary>
    public bool CancelledBySweep { get; set; }

    /// <summary>True after a policy asked this attempt to pause (Dodge cohort).</summary>
    public bool PauseRequested { get; set; }

    /// <summary>Latest step seen per metric name for the current attempt (delivery dedupe).</summary>
    public Dictionary<string, long> LastMetricStep { get; } = new(StringComparer.Ordinal);

    /// <summary>Metric history of all attempts, in journal order, for policies and reports.</summary>
    public List<MetricPoint> Metrics { get; } = [];

    /// <summary>Every policy decision about this trial (all attempts), in journal order.</summary>
    public List<DecisionMade> Decisions { get; } = [];

    /// <summary>The history of one metric (all attempts, journal order); empty when never reported.</summary>
    public IReadOnlyList<MetricPoint> Series(string name) => _series.TryGetValue(name, out var series) ? series : [];

    /// <summary>Appends a journaled metric to <see cref="Metrics"/> and to its <see cref="Series"/>.</summary>
    public void AddMetric(MetricPoint point)
    {
        Metrics.Add(point);
        if (!_series.TryGetValue(point.Name, out var series))
        {
            _series[point.Name] = series = [];
        }

        series.Add(point);
    }

    /// <summary>True when <paramref name="policy"/> journaled a decision about this trial, with one of <paramref name="actions"/> when given.</summary>
    public bool HasDecision(string policy, params string[] actions) =>
        Decisions.Any(d => d.Policy == policy && (actions.Length == 0 || actions.Contains(d.Action)));
}

/// <summary>One metric value of a trial.</summary>
internal readonly record struct MetricPoint(int Attempt, long Step, double Fraction, string Name, double Value);
