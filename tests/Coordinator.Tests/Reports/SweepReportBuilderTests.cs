using System.Text.Json;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Coordinator.Tests.Journal;
using SweepCluster.Coordinator.Tests.Journal.Sqlite;
using SweepCluster.Shared.Statistics;
using SweepCluster.Shared.Trials;
using static SweepCluster.Coordinator.Tests.Reports.ReportScript;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class SweepReportBuilderTests : IAsyncLifetime
{
    // Few resamples keep the tests fast; the band is compared with the library's own, so B does not matter.
    private static readonly ReportOptions Options = new() { BootstrapSamples = 50 };

    private readonly SqliteTempFile _file = new();
    private readonly string _modelDir = Path.Combine(Path.GetTempPath(), $"sweepcluster-report-model-{Guid.NewGuid():N}");
    private SqliteSweepStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));
        Directory.CreateDirectory(_modelDir);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _file.Dispose();
        Directory.Delete(_modelDir, recursive: true);
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_CountsProgressAndScope()
    {
        await ApplyAsync(_store, _modelDir);

        var report = await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default);

        Assert.Equal((SweepReport.CurrentVersion, "r1", "completed", false, 6), (report.Version, report.SweepId, report.Status, report.Partial, report.TrialCount));
        Assert.Equal(Enum.GetValues<TrialState>(), report.Counts.Select(c => c.State));
        Assert.Equal([0, 0, 0, 0, 0, 4, 1, 1, 0, 0], report.Counts.Select(c => c.Count));
        Assert.Equal(("accuracy", true), (report.Metric.Name, report.Metric.Maximize));
        // W2D1 spent 110 steps: attempt 1 reached 30, attempt 2 resumed from its checkpoint at 20 and ran 80 more.
        Assert.Equal(new ReportProgress(6, 6, 1.0, 100 + 100 + 100 + 110 + 30 + 30), report.Progress);
        Assert.Equal([20L, 25, 30, 50, 60, 75, 100], report.EvaluationSteps);
        Assert.Equal("statistics over the 4 completed trials of 6; not included: 1 EarlyStopped, 1 Diverged", report.StatisticsScope);
        Assert.Equal([W1D1, W1D2, W1D3, W2D1, W2D2, W2D3], report.Trials.Select(t => t.TrialId));
        Assert.Equal((At(0), At(8)), (report.SubmittedAt, report.UpdatedAt));
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_TrialRowsCarryScoresEvaluationsAndDecisions()
    {
        await ApplyAsync(_store, _modelDir);

        var trials = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Trials.ToDictionary(t => t.TrialId);

        var resumed = trials[W2D1];
        Assert.Equal((0, 2, 1, TrialState.Completed, 2), (resumed.ConfigIndex, resumed.InitSeed, resumed.OrderSeed, resumed.State, resumed.Attempt));
        // Compute: attempt 1 reached step 30 (lost), attempt 2 resumed at its checkpoint 20 and completed at 100: 30 + 80.
        Assert.Equal((0.75, 0.75, ScoreSource.Final, 110L, 1.0), (resumed.FinalMetric, resumed.Score, resumed.ScoreSource, resumed.ComputeSteps, resumed.Fraction));
        // Step 30 was reported by both attempts: the latest attempt's value wins.
        Assert.Equal(
            [new TrialEvaluation(20, 0.2, 0.45, 1), new TrialEvaluation(30, 0.3, 0.50, 2), new TrialEvaluation(60, 0.6, 0.70, 2), new TrialEvaluation(100, 1.0, 0.75, 2)],
            resumed.Evaluations);
        Assert.Equal((null, 0, null, "ckpt/w2d1-20"), (resumed.Decision, resumed.Decisions, resumed.Reason, resumed.Checkpoint));

        var stopped = trials[W2D2];
        Assert.Equal((TrialState.EarlyStopped, (double?)null, (double?)0.60, ScoreSource.LatestEvaluation, 30L),
            (stopped.State, stopped.FinalMetric, stopped.Score, stopped.ScoreSource, stopped.ComputeSteps));
        Assert.Equal(new TrialDecision(1, "dodge_cohort", "stop", "rank 5 of 6 at f = 0.3; the best 2 continue", PlanEvidence), stopped.Decision);
        Assert.Equal((2, "rank 5 of 6 at f = 0.3; the best 2 continue", "ckpt/w2d2-30"), (stopped.Decisions, stopped.Reason, stopped.Checkpoint));

        var diverged = trials[W2D3];
        Assert.Equal((TrialState.Diverged, (double?)0.40, ScoreSource.LatestEvaluation, 30L, "non-finite loss at step 30"),
            (diverged.State, diverged.Score, diverged.ScoreSource, diverged.ComputeSteps, diverged.Reason));
        Assert.Equal([new TrialEvaluation(25, 0.25, 0.40, 1)], diverged.Evaluations);
        Assert.Equal(new TrialDecision(1, "divergence", "diverged", "non-finite loss at step 30", "{\"loss\":\"NaN\"}"), diverged.Decision);
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_EmpCurvesEqualTheLibraryCalledDirectly()
    {
        await ApplyAsync(_store, _modelDir);
        double[] finals = [0.80, 0.70, 0.90, 0.75];

        var stats = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Statistics!;

        Assert.Equal(4, stats.Trials);
        Assert.Equal(8, stats.Emp.WithReplacement.Count);
        Assert.Equal(4, stats.Emp.Unbiased.Count);
        for (var n = 1; n <= 8; n++)
        {
            var direct = ExpectedMaxPerformance.WithReplacement(finals, n);
            var point = stats.Emp.WithReplacement[n - 1];
            Assert.Equal((n, direct.Mean, direct.Std, (double?)(n * 102.5)), (point.N, point.Mean, point.Std, point.Compute));
        }

        for (var n = 1; n <= 4; n++)
        {
            var direct = ExpectedMaxPerformance.Unbiased(finals, n);
            Assert.Equal((n, direct.Mean, direct.Std), (stats.Emp.Unbiased[n - 1].N, stats.Emp.Unbiased[n - 1].Mean, stats.Emp.Unbiased[n - 1].Std));
        }

        var band = ExpectedMaxPerformance.Curve(finals, new EmpOptions { MaxTrials = 8, Bootstrap = new EmpBootstrapOptions(50, 2020) });
        Assert.Equal(band.Points.Select(p => (p.BandLow, p.BandHigh)), stats.Emp.WithReplacement.Select(p => (p.BandLow, p.BandHigh)));
        // Mean compute of a completed trial: (100 + 100 + 100 + 110) / 4 (W2D1 ran steps 20-30 twice).
        Assert.Equal((0.90, 50, 2020UL, 102.5), (stats.Emp.ObservedBest, stats.Emp.BootstrapSamples, stats.Emp.BootstrapSeed, stats.Emp.MeanComputeSteps));
        // Hand values: the best of one trial is on average the mean; the best of all four is the maximum.
        Assert.Equal(0.7875, stats.Emp.WithReplacement[0].Mean, 12);
        Assert.Equal(0.90, stats.Emp.Unbiased[3].Mean, 12);
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_SpearmanUsesFirstEvaluationAtOrAfterFraction()
    {
        await ApplyAsync(_store, _modelDir);

        var early = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Statistics!.EarlyRanking;

        // At f = 0.25: W1D1 0.60, W1D2 0.65, W1D3 0.62, W2D1 0.50 (step 30, attempt 2: it has no step 25).
        // Early ranks 2, 4, 3, 1; final ranks (0.80, 0.70, 0.90, 0.75) 3, 1, 4, 2; Σd² = 1 + 9 + 1 + 1 = 12;
        // ρ = 1 − 6·12 / (4·(16 − 1)) = −0.2. Kendall: 3 concordant pairs (W1D1–W1D3, W1D1–W2D1, W1D3–W2D1)
        // and 3 discordant → τ = 0.
        Assert.Equal((0.25, 4, null), (early.Fraction, early.Pairs, early.Note));
        Assert.Equal(-0.2, early.Spearman!.Value, 12);
        Assert.Equal(0.0, early.KendallTau!.Value, 12);
        Assert.Equal((0.25 + 0.25 + 0.25 + 0.30) / 4, early.MeanFractionUsed!.Value, 12);
    }

    [Fact]
    public async Task BuildAsync_FractionOne_EarlyValueIsTheFinalScoreAndRhoIsOne()
    {
        await ApplyAsync(_store, _modelDir);

        var early = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options with { EarlyFraction = 1.0 }, default)).Statistics!.EarlyRanking;

        Assert.Equal((4, (double?)1.0, (double?)1.0, (double?)1.0), (early.Pairs, early.MeanFractionUsed, early.Spearman, early.KendallTau));
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_NotAFullFactorialSoNoAnovaAndTheReason()
    {
        await ApplyAsync(_store, _modelDir);

        var variance = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Statistics!.Variance;

        Assert.Null(variance.Anova);
        Assert.Equal("not a full factorial: 4 of the 2 × 3 WI × DO cells have a completed trial (missing e.g. WI 2 × DO 2)", variance.AnovaNote);
        Assert.Null(variance.SubGrid); // WI 1 and 2 share only DO 1: no complete 2 × 2 grid
        Assert.Null(variance.SubGridAnova);
        var direct = VarianceDecomposition.ExpectedStd(
            [new SeedScore(1, 1, 0.80), new SeedScore(1, 2, 0.70), new SeedScore(1, 3, 0.90), new SeedScore(2, 1, 0.75)]);
        Assert.Equal(direct, variance.ExpectedStd);
        // Due to WI: only DO 1 has two WI seeds, std(0.80, 0.75) = 0.05/√2. Due to DO: only WI 1 has several, std(0.8, 0.7, 0.9) = 0.1.
        Assert.Equal(0.05 / Math.Sqrt(2), variance.ExpectedStd.DueToInit.ExpectedStd!.Value, 12);
        Assert.Equal(0.1, variance.ExpectedStd.DueToOrder.ExpectedStd!.Value, 12);
    }

    [Fact]
    public async Task BuildAsync_HolesInTheGrid_AnovaOnTheLargestCompleteSubGrid()
    {
        // 3 WI × 3 DO with WI 3 × DO 3 missing (e.g. diverged): the largest complete grids have 6 cells,
        // WI 1,2 × DO 1,2,3 and WI 1,2,3 × DO 1,2; ties prefer more WI seeds.
        (int Init, int Order, double Final)[] cells =
            [(1, 1, 0.81), (1, 2, 0.77), (1, 3, 0.79), (2, 1, 0.86), (2, 2, 0.70), (2, 3, 0.74), (3, 1, 0.90), (3, 2, 0.84)];
        await SimpleSweepAsync(_store, "h1", cells);

        var variance = (await SweepReportBuilder.BuildAsync(_store, "h1", Options, default)).Statistics!.Variance;

        Assert.Null(variance.Anova);
        Assert.Equal([1, 2, 3], variance.SubGrid!.InitSeeds);
        Assert.Equal([1, 2], variance.SubGrid.OrderSeeds);
        var inside = cells.Where(c => c.Order <= 2).Select(c => new SeedScore(c.Init, c.Order, c.Final)).ToList();
        Assert.Equal(VarianceDecomposition.Anova(inside), variance.SubGridAnova);
    }

    [Fact]
    public async Task BuildAsync_FullFactorial_AnovaEqualsTheLibraryCalledDirectly()
    {
        (int Init, int Order, double Final)[] cells = [(1, 1, 0.81), (1, 2, 0.77), (2, 1, 0.86), (2, 2, 0.70), (3, 1, 0.90), (3, 2, 0.84)];
        await SimpleSweepAsync(_store, "f1", cells);

        var variance = (await SweepReportBuilder.BuildAsync(_store, "f1", Options, default)).Statistics!.Variance;

        Assert.Null(variance.AnovaNote);
        Assert.Equal(VarianceDecomposition.Anova(cells.Select(c => new SeedScore(c.Init, c.Order, c.Final)).ToList()), variance.Anova);
        Assert.Equal((3, 2, 1), (variance.Anova!.InitLevels, variance.Anova.OrderLevels, variance.Anova.Replicates));
    }

    [Fact]
    public async Task BuildAsync_SeveralConfigurations_NoAnovaAndTheReason()
    {
        await SimpleSweepAsync(_store, "g1", [(1, 1, 0.8), (1, 2, 0.7), (2, 1, 0.6), (2, 2, 0.9)], configs: 2);

        var report = await SweepReportBuilder.BuildAsync(_store, "g1", Options, default);

        Assert.Equal(8, report.Statistics!.Trials);
        Assert.Null(report.Statistics.Variance.Anova);
        Assert.Equal("the completed trials span 2 hyperparameter configurations; the WI × DO ANOVA needs a single one", report.Statistics.Variance.AnovaNote);
    }

    [Fact]
    public async Task BuildAsync_FinishedSweep_SeedsDivergenceAndBudget()
    {
        await ApplyAsync(_store, _modelDir);

        var report = await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default);

        var seeds = report.Statistics!.Seeds;
        Assert.Equal((1, 3), (seeds.BestInit.Seed, seeds.BestInit.Count)); // WI 1: mean 0.80 > WI 2: 0.75
        Assert.Equal(0.80, seeds.BestInit.Mean, 12);
        Assert.Equal([3, 1, 2], seeds.OrderMeans.Select(m => m.Seed)); // DO 3: 0.90, DO 1: 0.775, DO 2: 0.70
        Assert.Equal(seeds.OrderMeans[0], seeds.BestOrder);

        // Divergence counts Completed, EarlyStopped and Diverged: 6 trials, W2D3 diverged.
        Assert.Equal((6, 1), (report.Divergence.Trials, report.Divergence.Diverged));
        Assert.Equal(1.0 / 6, report.Divergence.Rate!.Value, 12);
        Assert.Equal([new DivergenceRate(1, 0, 3), new DivergenceRate(2, 1, 3)], report.Divergence.ByInit);
        Assert.Equal([new DivergenceRate(1, 0, 2), new DivergenceRate(2, 0, 2), new DivergenceRate(3, 1, 2)], report.Divergence.ByOrder);

        // θ = 90th percentile (type 7) of 0.70, 0.75, 0.80, 0.90: h = 2.7 → 0.80 + 0.7·0.10 = 0.87.
        // q = 3/4 miss; n = ⌈log 0.05 / log 0.75⌉ = ⌈10.41⌉ = 11 trials of 102.5 steps on average.
        var budget = report.Statistics.Budget;
        Assert.Equal(0.87, budget.Target, 12);
        Assert.Equal((90.0, 11, 0.75, 1, 4, 0.05), (budget.TargetPercentile, budget.Estimate.Trials, budget.Estimate.MissProbability,
            budget.Estimate.ScoresReachingTarget, budget.Estimate.TotalScores, budget.Estimate.Alpha));
        Assert.Equal(1127.5, budget.ComputeSteps);
    }

    [Fact]
    public async Task BuildAsync_ExplicitTargetAboveEveryScore_BudgetUnreachable()
    {
        await ApplyAsync(_store, _modelDir);

        var budget = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options with { Target = 0.95 }, default)).Statistics!.Budget;

        Assert.Equal((0.95, (double?)null, (int?)null, (double?)null), (budget.Target, budget.TargetPercentile, budget.Estimate.Trials, budget.ComputeSteps));
    }

    [Fact]
    public async Task BuildAsync_BestCheckpointIsAModelFolder_NamesIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_modelDir, "config.json"), "{}");
        await ApplyAsync(_store, _modelDir);

        var best = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Best!;

        Assert.Equal(new BestTrialReport(W1D3, 0, 1, 3, 0.90, 100, _modelDir, _modelDir), best);
    }

    [Fact]
    public async Task BuildAsync_BestCheckpointWithoutConfigJson_NoModelFolder()
    {
        await ApplyAsync(_store, _modelDir);

        var best = (await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Best!;

        Assert.Equal((W1D3, _modelDir, (string?)null), (best.TrialId, best.Checkpoint, best.ModelFolder));
    }

    [Fact]
    public async Task BuildAsync_DecisionsCarryAPlan_OnePlanWithItsCost()
    {
        await ApplyAsync(_store, _modelDir);

        var plan = Assert.Single((await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default)).Plans);

        // t·f + p·(1 − f) = 6·0.3 + 2·0.7 = 3.2 full runs; s = 320 / 3.2 = 100 steps.
        Assert.Equal(("dodge_cohort", 6, 0.3, 2, 2), (plan.Policy, plan.TrialsToStart, plan.Fraction, plan.TrialsToContinue, plan.Decisions));
        Assert.Equal(3.2, plan.CostFullRuns, 12);
        Assert.Equal(100.0, plan.StepsPerRun!.Value, 12);
        Assert.Equal(320.0, plan.CostSteps!.Value, 9);
        Assert.Equal("(t·f + p·(1−f))·s = (6·0.3 + 2·(1−0.3))·100 = 320 steps", plan.Formula);
    }

    [Fact]
    public async Task BuildAsync_WhileRunning_PartialReportOverTheCompletedTrials()
    {
        await ApplyAsync(_store, _modelDir, PartialStep);

        var report = await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default);

        Assert.Equal(("running", true), (report.Status, report.Partial));
        Assert.Equal([2, 0, 1, 0, 1, 2, 0, 0, 0, 0], report.Counts.Select(c => c.Count));
        Assert.Equal("statistics over the 2 completed trials of 6; not included: 2 Queued, 1 Running, 1 Lost", report.StatisticsScope);
        Assert.Equal(2, report.Statistics!.Trials);
        Assert.Equal([0.75, 0.80], report.Statistics.Emp.Unbiased.Select(p => p.Mean).Select(m => Math.Round(m, 12)));
        Assert.Equal("needs at least two WI and two DO seeds among the completed trials (have 1 WI × 2 DO)", report.Statistics.Variance.AnovaNote);
        Assert.Equal((W1D1, 0.80), (report.Best!.TrialId, report.Best.Score));
        var running = report.Trials.Single(t => t.TrialId == W1D3);
        Assert.Equal((TrialState.Running, (double?)0.85, ScoreSource.LatestEvaluation, 75L), (running.State, running.Score, running.ScoreSource, running.ComputeSteps));
        // Progress: two done, W1D3 at 0.75, W2D1 (lost) at 0.3, two queued at 0.
        Assert.Equal(new ReportProgress(2, 6, (1 + 1 + 0.75 + 0.3) / 6, 100 + 100 + 75 + 30), report.Progress);
        Assert.Equal((2, 0), (report.Divergence.Trials, report.Divergence.Diverged));
        Assert.Empty(report.Plans);
    }

    [Fact]
    public async Task BuildAsync_NothingCompletedYet_NoStatisticsNoBest()
    {
        await ApplyAsync(_store, _modelDir, 1);

        var report = await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default);

        Assert.Equal("no trial of 6 has completed yet; not included: 6 Queued", report.StatisticsScope);
        Assert.Null(report.Statistics);
        Assert.Null(report.Best);
        Assert.Equal((0, 0, (double?)null), (report.Divergence.Trials, report.Divergence.Diverged, report.Divergence.Rate));
        Assert.Empty(report.Divergence.ByInit);
        Assert.Empty(report.Divergence.ByOrder);
        Assert.All(report.Trials, t => Assert.Equal((ScoreSource.None, (double?)null, 0L), (t.ScoreSource, t.Score, t.ComputeSteps)));
    }

    [Fact]
    public async Task BuildAsync_SingleCompletedTrial_SpearmanUndefinedWithReason()
    {
        await SimpleSweepAsync(_store, "one", [(1, 1, 0.8)]);

        var stats = (await SweepReportBuilder.BuildAsync(_store, "one", Options, default)).Statistics!;

        Assert.Equal((1, (double?)null, (double?)null), (stats.EarlyRanking.Pairs, stats.EarlyRanking.Spearman, stats.Scores.Std));
        Assert.Equal("needs two completed trials with an evaluation at or after f = 0.25 (have 1)", stats.EarlyRanking.Note);
        Assert.Equal([0.8, 0.8], stats.Emp.WithReplacement.Select(p => p.Mean));
    }

    [Fact]
    public async Task BuildAsync_UnknownSweep_Throws()
    {
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => SweepReportBuilder.BuildAsync(_store, "nope", Options, default));

        Assert.Equal("no sweep 'nope' in this store", e.Message);
    }

    [Fact]
    public async Task Json_RoundTrip_SerializesTheSameText()
    {
        await ApplyAsync(_store, _modelDir);
        var report = await SweepReportBuilder.BuildAsync(_store, SweepId, Options, default);

        var json = JsonSerializer.Serialize(report, SweepReportJsonContext.Default.SweepReport);
        var back = JsonSerializer.Deserialize(json, SweepReportJsonContext.Default.SweepReport)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, SweepReportJsonContext.Default.SweepReport));
        Assert.Contains("\"scoreSource\": \"LatestEvaluation\"", json);
        Assert.Equal(report.Trials[4].Evaluations, back.Trials[4].Evaluations);
    }

    /// <summary>A finished sweep where every (config, init, order) trial completes, with evaluations at steps 50 and 100.</summary>
    private static async Task SimpleSweepAsync(IJournal journal, string sweepId, (int Init, int Order, double Final)[] cells, int configs = 1)
    {
        var spec = TestKit.TestSpecs.SimulatedYaml(name: sweepId, steps: 100, evaluations: 2);
        var events = new List<SweepEvent> { new SweepSubmitted(sweepId, sweepId, spec, "/", cells.Length * configs) };
        for (var c = 0; c < configs; c++)
        {
            foreach (var (init, order, final) in cells)
            {
                var id = new TrialKey(sweepId, c, init, order).TrialId;
                events.AddRange(
                [
                    new TrialQueued(id, c, init, order, 1, null, 0), new TrialAssigned(id, 1, "n1", 0), new TrialStarted(id, 1),
                    new MetricReported(id, 1, 50, 0.5, "accuracy", final - 0.1), new MetricReported(id, 1, 100, 1.0, "accuracy", final),
                    new TrialFinished(id, 1, TrialState.Completed, final, 100, null),
                ]);
            }
        }

        events.Add(new SweepCompleted());
        await journal.AppendAsync(sweepId, events, T0);
    }
}
