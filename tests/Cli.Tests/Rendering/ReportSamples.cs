using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Tests.Rendering;

/// <summary>Hand-built reports for rendering tests: a running sweep where nothing has completed yet.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Two trials: one running (two evaluations), one failed with a reason that needs CSV quoting.</summary>
    public static SweepReport NothingCompleted() => new(
        SweepReport.CurrentVersion, "s", "s", "running", true, 2,
        Enum.GetValues<TrialState>().Select(s => new StateCount(s, s is TrialState.Running or TrialState.Failed ? 1 : 0)).ToList(),
        new ReportProgress(1, 2, 0.75, 70),
        new MetricSpec("accuracy", true),
        [10, 20],
        [
            new TrialReport("s/c0-w1-d1", 0, 1, 1, TrialState.Running, 1, null, 0.6, ScoreSource.LatestEvaluation, 20, 0.5,
                [new TrialEvaluation(10, 0.25, 0.5, 1), new TrialEvaluation(20, 0.5, 0.6, 1)], null, 0, null, null),
            new TrialReport("s/c0-w2-d1", 0, 2, 1, TrialState.Failed, 2, null, null, ScoreSource.None, 50, 0.0,
                [], new TrialDecision(2, "median", "stop", "below median", "{}"), 1, "runner said \"no\", then exited", null),
        ],
        "no trial of 2 has completed yet; not included: 1 Running, 1 Failed",
        null,
        new DivergenceReport(0, 0, null, [], []),
        null,
        [],
        T0,
        T0.AddMinutes(1));
}
