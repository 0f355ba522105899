using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Tests.Journal;

/// <summary>
/// The scripted life of sweep "s1": six trials queued, run on two nodes, one paused then stopped
/// early, one diverged, one lost and retried before failing, one cancelled, one left queued.
/// Step k is appended as one batch at <see cref="At"/>(k).
/// </summary>
internal static class SweepLifeScript
{
    public const string SweepId = "s1";
    public const string Spec = "name: demo\ntask: sst2\n";
    public const string Node1 = "n1";
    public const string Node2 = "n2";

    // Queue (expansion) order differs from alphabetical order on purpose.
    public static readonly string X = new TrialKey(SweepId, 0, 3, 1).TrialId; // completes
    public static readonly string Y = new TrialKey(SweepId, 0, 1, 2).TrialId; // paused, then stopped early
    public static readonly string Z = new TrialKey(SweepId, 1, 2, 2).TrialId; // diverges (NaN loss)
    public static readonly string U = new TrialKey(SweepId, 0, 1, 1).TrialId; // lost, retried, fails
    public static readonly string V = new TrialKey(SweepId, 1, 1, 1).TrialId; // cancelled while queued
    public static readonly string W = new TrialKey(SweepId, 1, 3, 3).TrialId; // stays queued

    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Index of the last step before the lost trial is requeued (the "mid-life" checkpoint).</summary>
    public const int MidLifeStep = 6;

    public static IReadOnlyList<IReadOnlyList<SweepEvent>> Steps { get; } =
    [
        /* 0 */ [new SweepSubmitted(SweepId, "demo", Spec, "/", 6)],
        /* 1 */ [Queue(X), Queue(Y), Queue(Z), Queue(U), Queue(V), Queue(W)],
        /* 2 */ [new TrialAssigned(X, 1, Node1, 0), new TrialAssigned(Y, 1, Node1, 1), new TrialAssigned(Z, 1, Node2, 0), new TrialAssigned(U, 1, Node2, 1)],
        /* 3 */ [new TrialStarted(X, 1), new TrialStarted(Y, 1), new TrialStarted(Z, 1), new TrialStarted(U, 1)],
        /* 4 */
        [
            new MetricReported(X, 1, 10, 0.1, "loss", 0.9), new MetricReported(X, 1, 10, 0.1, "val_acc", 0.6),
            new MetricReported(Y, 1, 10, 0.1, "val_acc", 0.4), new MetricReported(Z, 1, 10, 0.1, "loss", double.NaN),
            new MetricReported(U, 1, 10, 0.1, "val_acc", 0.5),
        ],
        /* 5 */
        [
            new TrialCheckpointed(U, 1, 10, 0.1, "ckpt/u-10"),
            new DecisionMade(Y, 1, "median", "pause", "below median at 0.1", "{\"median\":0.5}"),
            new TrialPaused(Y, 1, 10, "ckpt/y-10"),
        ],
        /* 6 */
        [
            // The coordinator had heard attempt 1's progress reach step 14 (past its metric and checkpoint at 10).
            new TrialLost(U, 1, Node2, 14),
            new DecisionMade(Z, 1, "divergence", "stop", "non-finite loss", "{\"loss\":\"NaN\"}"),
            new TrialFinished(Z, 1, TrialState.Diverged, null, 10, null),
        ],
        /* 7 */ [new TrialQueued(U, 0, 1, 1, 2, "ckpt/u-10", 10), new TrialAssigned(U, 2, Node1, 1), new TrialStarted(U, 2)],
        /* 8 */
        [
            // A late metric of attempt 1: stored under its attempt, but it does not move the trial row.
            new MetricReported(U, 1, 12, 0.12, "val_acc", 0.55),
            new MetricReported(U, 2, 20, 0.2, "val_acc", 0.52),
            new MetricReported(X, 1, 20, 0.2, "val_acc", 0.7),
        ],
        /* 9 */
        [
            new DecisionMade(Y, 1, "median", "stop", "still below median", "{}"),
            new TrialFinished(Y, 1, TrialState.EarlyStopped, 0.4, 10, null),
            new TrialFinished(X, 1, TrialState.Completed, 0.7, 100, null),
        ],
        /* 10 */
        [
            new TrialFinished(U, 2, TrialState.Failed, null, 20, "runner exited with code 1"),
            new TrialFinished(V, 1, TrialState.Cancelled, null, 0, "cancelled by user"),
        ],
    ];

    public static DateTimeOffset At(int step) => T0.AddSeconds(step);

    /// <summary>Appends steps 0..<paramref name="lastStep"/> (all when null).</summary>
    public static async Task ApplyAsync(IJournal journal, int? lastStep = null)
    {
        for (var k = 0; k <= (lastStep ?? Steps.Count - 1); k++)
        {
            await journal.AppendAsync(SweepId, Steps[k], At(k));
        }
    }

    private static TrialQueued Queue(string trialId)
    {
        var key = TrialKey.Parse(trialId);
        return new TrialQueued(trialId, key.ConfigIndex, key.InitSeed, key.OrderSeed, 1, null, 0);
    }
}
