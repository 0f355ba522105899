using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Reports;

/// <summary>
/// The scripted life of sweep "r1", a 2 WI × 3 DO factorial of 100 steps with accuracy as the ranking
/// metric. W1D1, W1D2, W1D3 complete (0.80, 0.70, 0.90); W2D1 is lost after step 30, resumed from its
/// step-20 checkpoint as attempt 2 (which re-reports step 30 with another value) and completes (0.75);
/// W2D2 is paused at f = 0.3 by a cohort policy carrying a plan, then stopped early; W2D3 diverges.
/// Step k is appended as one batch at <see cref="At"/>(k); after <see cref="PartialStep"/> the sweep runs
/// with W1D1 and W1D2 completed.
/// </summary>
internal static class ReportScript
{
    public const string SweepId = "r1";
    public const int PartialStep = 4;
    public const string PlanEvidence =
        "{\"policy\":\"dodge_cohort\",\"plan\":{\"t\":6,\"f\":0.3,\"p\":2,\"cost_full_runs\":3.2,\"cost_steps\":320},\"rank\":5,\"n\":6}";

    public static readonly string Spec = TestSpecs.SimulatedYaml(name: SweepId, init: "[1, 2]", order: "[1, 2, 3]", steps: 100, evaluations: 4);
    public static readonly string W1D1 = Id(1, 1);
    public static readonly string W1D2 = Id(1, 2);
    public static readonly string W1D3 = Id(1, 3);
    public static readonly string W2D1 = Id(2, 1);
    public static readonly string W2D2 = Id(2, 2);
    public static readonly string W2D3 = Id(2, 3);
    public static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static DateTimeOffset At(int step) => T0.AddSeconds(step);

    /// <param name="bestCheckpoint">The checkpoint W1D3 (the best trial) reports at its last step.</param>
    public static IReadOnlyList<IReadOnlyList<SweepEvent>> Steps(string bestCheckpoint) =>
    [
        /* 0 */ [new SweepSubmitted(SweepId, SweepId, Spec, "/", 6)],
        /* 1 */ [Queue(W1D1), Queue(W1D2), Queue(W1D3), Queue(W2D1), Queue(W2D2), Queue(W2D3)],
        /* 2 */ [.. Start(W1D1, 1), .. Start(W1D2, 1), .. Start(W1D3, 1), .. Start(W2D1, 1)],
        /* 3 */
        [
            Acc(W1D1, 1, 25, 0.60), Loss(W1D1, 1, 25, 0.9), Acc(W1D2, 1, 25, 0.65), Acc(W1D3, 1, 25, 0.62),
            Acc(W2D1, 1, 20, 0.45), new TrialCheckpointed(W2D1, 1, 20, 0.2, "ckpt/w2d1-20"), Acc(W2D1, 1, 30, 0.48),
        ],
        /* 4 */
        [
            Acc(W1D1, 1, 50, 0.70), Acc(W1D1, 1, 75, 0.78), Acc(W1D1, 1, 100, 0.80), new TrialFinished(W1D1, 1, TrialState.Completed, 0.80, 100, null),
            Acc(W1D2, 1, 50, 0.66), Acc(W1D2, 1, 75, 0.69), Acc(W1D2, 1, 100, 0.70), new TrialFinished(W1D2, 1, TrialState.Completed, 0.70, 100, null),
            Acc(W1D3, 1, 50, 0.75), Acc(W1D3, 1, 75, 0.85),
            new TrialLost(W2D1, 1, "n1", 30),
        ],
        /* 5 */
        [
            new TrialQueued(W2D1, 0, 2, 1, 2, "ckpt/w2d1-20", 20), .. Start(W2D1, 2), .. Start(W2D2, 1), .. Start(W2D3, 1),
        ],
        /* 6 */
        [
            Acc(W1D3, 1, 100, 0.90), new TrialCheckpointed(W1D3, 1, 100, 1.0, bestCheckpoint),
            new TrialFinished(W1D3, 1, TrialState.Completed, 0.90, 100, null),
            Acc(W2D1, 2, 30, 0.50), Acc(W2D1, 2, 60, 0.70), Acc(W2D1, 2, 100, 0.75),
            Acc(W2D2, 1, 30, 0.60), Loss(W2D2, 1, 30, 0.7),
            Acc(W2D3, 1, 25, 0.40), Loss(W2D3, 1, 30, double.NaN),
        ],
        /* 7 */
        [
            new TrialFinished(W2D1, 2, TrialState.Completed, 0.75, 100, null),
            new DecisionMade(W2D2, 1, "dodge_cohort", "pause", "reached f = 0.3; waiting for the cohort", PlanEvidence),
            new TrialPaused(W2D2, 1, 30, "ckpt/w2d2-30"),
            new DecisionMade(W2D3, 1, "divergence", "diverged", "non-finite loss at step 30", "{\"loss\":\"NaN\"}"),
            new TrialFinished(W2D3, 1, TrialState.Diverged, null, 30, null),
        ],
        /* 8 */
        [
            new DecisionMade(W2D2, 1, "dodge_cohort", "stop", "rank 5 of 6 at f = 0.3; the best 2 continue", PlanEvidence),
            new TrialFinished(W2D2, 1, TrialState.EarlyStopped, null, 30, null),
            new SweepCompleted(),
        ],
    ];

    /// <summary>Appends steps 0..<paramref name="lastStep"/> (all when null).</summary>
    public static async Task ApplyAsync(IJournal journal, string bestCheckpoint, int? lastStep = null)
    {
        var steps = Steps(bestCheckpoint);
        for (var k = 0; k <= (lastStep ?? steps.Count - 1); k++)
        {
            await journal.AppendAsync(SweepId, steps[k], At(k));
        }
    }

    public static string Id(int init, int order) => new TrialKey(SweepId, 0, init, order).TrialId;

    public static MetricReported Acc(string trial, int attempt, long step, double value) =>
        new(trial, attempt, step, step / 100.0, "accuracy", value);

    private static MetricReported Loss(string trial, int attempt, long step, double value) =>
        new(trial, attempt, step, step / 100.0, "loss", value);

    private static TrialQueued Queue(string trialId)
    {
        var key = TrialKey.Parse(trialId);
        return new TrialQueued(trialId, key.ConfigIndex, key.InitSeed, key.OrderSeed, 1, null, 0);
    }

    private static SweepEvent[] Start(string trialId, int attempt) =>
        [new TrialAssigned(trialId, attempt, "n1", 0), new TrialStarted(trialId, attempt)];
}
