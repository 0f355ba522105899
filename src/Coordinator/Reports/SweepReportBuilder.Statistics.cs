using System.Globalization;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Statistics;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Reports;

public static partial class SweepReportBuilder
{
    private const double BandLower = 2.5;
    private const double BandUpper = 97.5;

    private static ReportStatistics Statistics(IReadOnlyList<TrialReport> completed, MetricSpec metric, ReportOptions options)
    {
        var scores = completed.Select(t => t.FinalMetric!.Value).ToList();
        var seedScores = completed.Select(t => new SeedScore(t.InitSeed, t.OrderSeed, t.FinalMetric!.Value)).ToList();
        var costs = completed.Select(t => (double)t.ComputeSteps).ToList();
        return new ReportStatistics(
            scores.Count,
            Summary(scores, metric.Maximize),
            Emp(scores, costs, metric.Maximize, options),
            Variance(completed, seedScores),
            EarlyRanking(completed, options.EarlyFraction),
            new SeedReport(
                SeedRanking.Best(seedScores, SeedFactor.Init, metric.Maximize),
                SeedRanking.Best(seedScores, SeedFactor.Order, metric.Maximize),
                SeedRanking.Means(seedScores, SeedFactor.Init, metric.Maximize),
                SeedRanking.Means(seedScores, SeedFactor.Order, metric.Maximize)),
            Budget(scores, costs.Average(), metric.Maximize, options));
    }

    private static ScoreSummary Summary(IReadOnlyList<double> scores, bool maximize)
    {
        var mean = scores.Average();
        double? std = scores.Count < 2 ? null : Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / (scores.Count - 1));
        return new ScoreSummary(scores.Count, mean, std, scores.Min(), scores.Max(), maximize ? scores.Max() : scores.Min());
    }

    private static EmpReport Emp(IReadOnlyList<double> scores, IReadOnlyList<double> costs, bool maximize, ReportOptions options)
    {
        var bootstrap = new EmpBootstrapOptions(options.BootstrapSamples, options.BootstrapSeed, BandLower, BandUpper);
        var withReplacement = ExpectedMaxPerformance.Curve(scores, new EmpOptions
        {
            Maximize = maximize,
            Estimator = EmpEstimator.WithReplacement,
            MaxTrials = (int)Math.Ceiling(options.EmpExtension * scores.Count),
            Bootstrap = bootstrap,
            TrialCosts = costs,
        });
        var unbiased = ExpectedMaxPerformance.Curve(scores, new EmpOptions
        {
            Maximize = maximize,
            Estimator = EmpEstimator.Unbiased,
            Bootstrap = bootstrap,
            TrialCosts = costs,
        });
        return new EmpReport(
            withReplacement.Points, unbiased.Points, maximize ? scores.Max() : scores.Min(),
            options.BootstrapSamples, options.BootstrapSeed, BandLower, BandUpper, costs.Average());
    }

    private static VarianceReport Variance(IReadOnlyList<TrialReport> completed, IReadOnlyList<SeedScore> scores)
    {
        var anova = AnovaOrNull(completed, scores, out var note);
        var oneConfig = completed.Select(t => t.ConfigIndex).Distinct().Count() == 1;
        // The search enumerates subsets of the smaller seed factor; past 20 seeds of both it would not finish.
        var searchable = Math.Min(scores.Select(s => s.InitSeed).Distinct().Count(), scores.Select(s => s.OrderSeed).Distinct().Count())
            <= VarianceDecomposition.MaxEnumeratedSeeds;
        var subGrid = anova is null && oneConfig && searchable ? VarianceDecomposition.LargestCompleteFactorial(scores) : null;
        var subGridAnova = subGrid is null ? null : VarianceDecomposition.Anova(
            scores.Where(s => subGrid.InitSeeds.Contains(s.InitSeed) && subGrid.OrderSeeds.Contains(s.OrderSeed)).ToList());
        return new VarianceReport(VarianceDecomposition.ExpectedStd(scores), anova, note, subGrid, subGridAnova);
    }

    /// <summary>The WI × DO ANOVA when the completed trials form a full factorial of one configuration; otherwise null and why.</summary>
    private static TwoWayAnova? AnovaOrNull(IReadOnlyList<TrialReport> completed, IReadOnlyList<SeedScore> scores, out string? note)
    {
        var inv = CultureInfo.InvariantCulture;
        var configs = completed.Select(t => t.ConfigIndex).Distinct().Count();
        var inits = scores.Select(s => s.InitSeed).Distinct().Order().ToList();
        var orders = scores.Select(s => s.OrderSeed).Distinct().Order().ToList();
        var cells = scores.Select(s => (s.InitSeed, s.OrderSeed)).ToHashSet();
        if (configs > 1)
        {
            note = string.Create(inv, $"the completed trials span {configs} hyperparameter configurations; the WI × DO ANOVA needs a single one");
        }
        else if (inits.Count < 2 || orders.Count < 2)
        {
            note = string.Create(inv, $"needs at least two WI and two DO seeds among the completed trials (have {inits.Count} WI × {orders.Count} DO)");
        }
        else if (cells.Count < inits.Count * orders.Count)
        {
            var (wi, d) = inits.SelectMany(i => orders.Select(o => (i, o))).First(c => !cells.Contains(c));
            note = string.Create(inv,
                $"not a full factorial: {cells.Count} of the {inits.Count} × {orders.Count} WI × DO cells have a completed trial (missing e.g. WI {wi} × DO {d})");
        }
        else
        {
            note = null;
            return VarianceDecomposition.Anova(scores);
        }

        return null;
    }

    private static EarlyRankingReport EarlyRanking(IReadOnlyList<TrialReport> completed, double fraction)
    {
        var early = new List<double>();
        var final = new List<double>();
        var used = new List<double>();
        foreach (var t in completed)
        {
            // The first evaluation at or after f; a tiny slack so that a step landing exactly on f
            // (e.g. 25/100 stored as 0.25000000000000006) is not skipped.
            var e = t.Evaluations.FirstOrDefault(e => e.Fraction >= fraction - 1e-9);
            if (e is not null && double.IsFinite(e.Value))
            {
                early.Add(e.Value);
                final.Add(t.FinalMetric!.Value);
                used.Add(e.Fraction);
            }
        }

        var rho = RankCorrelation.Spearman(early, final);
        var tau = RankCorrelation.KendallTauB(early, final);
        var inv = CultureInfo.InvariantCulture;
        var note = rho is not null ? null
            : early.Count < 2 ? string.Create(inv, $"needs two completed trials with an evaluation at or after f = {fraction} (have {early.Count})")
            : "the values at f or the final scores are all equal";
        return new EarlyRankingReport(fraction, early.Count, used.Count == 0 ? null : used.Average(), rho, tau, note);
    }

    private static BudgetReport Budget(IReadOnlyList<double> scores, double meanCost, bool maximize, ReportOptions options)
    {
        double target;
        double? percentile = null;
        if (options.Target is { } explicitTarget)
        {
            target = explicitTarget;
        }
        else
        {
            percentile = options.TargetPercentile;
            var sorted = scores.Order().ToArray();
            target = Percentile(sorted, maximize ? options.TargetPercentile : 100 - options.TargetPercentile);
        }

        var estimate = BudgetToTarget.Estimate(scores, target, options.Alpha, maximize);
        return new BudgetReport(target, percentile, estimate, estimate.Trials * meanCost);
    }

    private static DivergenceReport Divergence(IReadOnlyList<TrialReport> trials)
    {
        var outcomes = trials
            .Where(t => t.State is TrialState.Completed or TrialState.EarlyStopped or TrialState.Diverged)
            .Select(t => new SeedOutcome(t.InitSeed, t.OrderSeed, t.State == TrialState.Diverged))
            .ToList();
        if (outcomes.Count == 0)
        {
            return new DivergenceReport(0, 0, null, [], []);
        }

        var diverged = outcomes.Count(o => o.Diverged);
        return new DivergenceReport(
            outcomes.Count, diverged, (double)diverged / outcomes.Count,
            SeedRanking.DivergenceRates(outcomes, SeedFactor.Init), SeedRanking.DivergenceRates(outcomes, SeedFactor.Order));
    }

    /// <summary>Percentile (0–100) of ascending values, linear between order statistics (Hyndman–Fan type 7).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        var h = (sorted.Count - 1) * percent / 100.0;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
