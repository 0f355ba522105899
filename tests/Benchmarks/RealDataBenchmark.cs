using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Statistics;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Analysis of the real-data Dodge sweep (issue 4; examples/spamassassin/run.sh runs the sweeps first):
/// reads a full WI × DO sweep and a <c>dodge_cohort</c> sweep over the same seeds from their SQLite
/// databases and prints what <c>sweep report</c> does not: Spearman ρ at several fractions, the ANOVA on
/// the largest complete sub-factorial, the bit-for-bit check of the cohort's trials against the full
/// sweep, and the equal-compute comparison of the cohort with training fewer trials to the end —
/// for the one real cohort and exactly over every random cohort of the recorded curves.
/// Usage: <c>realdata FULL_DB COHORT_DB [FULL_SWEEP=spam-dodge] [COHORT_SWEEP=spam-cohort]</c>.
/// </summary>
public static class RealDataBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.WriteLine("usage: realdata FULL_DB COHORT_DB [FULL_SWEEP=spam-dodge] [COHORT_SWEEP=spam-cohort]");
            return 2;
        }

        var full = await LoadAsync(args[0], args.Length > 2 ? args[2] : "spam-dodge");
        var cohort = await LoadAsync(args[1], args.Length > 3 ? args[3] : "spam-cohort");
        if (full.Partial || cohort.Partial)
        {
            Console.WriteLine("WARNING: a sweep is still running; trials that have not ended count as unranked candidates below.");
        }

        var completed = full.Trials.Where(t => t.State == TrialState.Completed && t.FinalMetric is not null).ToList();
        var stepsPerRun = completed.Max(t => t.ComputeSteps);
        var finals = completed.Select(t => t.FinalMetric!.Value).ToList();

        Console.WriteLine(F($"Full sweep {full.SweepId}: {full.Trials.Count} trials, {completed.Count} completed, {Count(full, TrialState.Diverged)} diverged; {stepsPerRun} steps per full run; {full.Progress.ComputeSteps} steps spent = {(double)full.Progress.ComputeSteps / stepsPerRun:0.00} full runs"));
        EarlyRanking(completed);
        SubFactorialAnova(completed);

        Console.WriteLine();
        var realCohort = RealCohort(full, cohort, stepsPerRun);
        Console.WriteLine();
        EqualCompute(full, finals, stepsPerRun, realCohort);
        Console.WriteLine();
        RealDataCohorts.Print(full, stepsPerRun, realCohort.Fraction);
        return 0;
    }

    private static async Task<SweepReport> LoadAsync(string db, string sweepId)
    {
        await using var store = await SqliteSweepStore.OpenAsync(db, TimeProvider.System);
        return await SweepReportBuilder.BuildAsync(store, sweepId, ReportOptions.Default, CancellationToken.None);
    }

    private static void EarlyRanking(IReadOnlyList<TrialReport> completed)
    {
        Console.WriteLine("Spearman ρ (Kendall τ-b) between accuracy at the first evaluation at or after f and the final accuracy, completed trials:");
        foreach (var f in new[] { 0.1, 0.2, 0.25, 0.3, 0.5 })
        {
            var pairs = completed
                .Select(t => (Early: t.Evaluations.FirstOrDefault(e => e.Fraction >= f - 1e-9), Final: t.FinalMetric!.Value))
                .Where(p => p.Early is not null)
                .ToList();
            var early = pairs.Select(p => p.Early!.Value).ToList();
            var final = pairs.Select(p => p.Final).ToList();
            Console.WriteLine(F($"  f = {f:0.00} (evaluated at {pairs.Average(p => p.Early!.Fraction):0.000}): ρ = {RankCorrelation.Spearman(early, final):0.000} (τ = {RankCorrelation.KendallTauB(early, final):0.000}; {pairs.Count} trials)"));
        }
    }

    private static void SubFactorialAnova(IReadOnlyList<TrialReport> completed)
    {
        var scores = completed.Select(t => new SeedScore(t.InitSeed, t.OrderSeed, t.FinalMetric!.Value)).ToList();
        if (VarianceDecomposition.LargestCompleteFactorial(scores) is not { } design)
        {
            Console.WriteLine("No complete 2 × 2 sub-factorial among the completed trials: no ANOVA.");
            return;
        }

        var inside = scores.Where(s => design.InitSeeds.Contains(s.InitSeed) && design.OrderSeeds.Contains(s.OrderSeed)).ToList();
        var anova = VarianceDecomposition.Anova(inside);
        var std = VarianceDecomposition.ExpectedStd(inside);
        Console.WriteLine(F($"Largest complete sub-factorial of the completed trials: WI {string.Join(",", design.InitSeeds)} × DO {string.Join(",", design.OrderSeeds)} ({design.Cells} cells)"));
        Console.WriteLine(F($"  expected std due to WI {std.DueToInit.ExpectedStd:0.0000}, due to DO {std.DueToOrder.ExpectedStd:0.0000} on that grid"));
        foreach (var row in new[] { anova.Init, anova.Order, anova.Residual, anova.Total })
        {
            Console.WriteLine(F($"  {row.Source,-40} SS {row.SumOfSquares:0.000000}  df {row.DegreesOfFreedom,3}  MS {row.MeanSquare:0.0000000}  F {row.F:0.000}  p {row.PValue:0.0000}"));
        }
    }

    private static RealCohortResult RealCohort(SweepReport full, SweepReport cohort, long stepsPerRun)
    {
        var bySeeds = full.Trials.ToDictionary(t => (t.InitSeed, t.OrderSeed));
        var spent = cohort.Trials.Sum(t => t.ComputeSteps);
        var continued = cohort.Trials.Where(t => t.State == TrialState.Completed && t.FinalMetric is not null).ToList();
        var best = continued.MaxBy(t => t.FinalMetric!.Value);
        var pause = cohort.Trials.Where(t => t.State == TrialState.EarlyStopped).Select(t => t.Fraction).DefaultIfEmpty(double.NaN).Max();
        var plan = cohort.Plans.FirstOrDefault();
        Console.WriteLine(F($"Cohort sweep {cohort.SweepId}: {cohort.Trials.Count} trials; {string.Join("  ", cohort.Counts.Where(s => s.Count > 0).Select(s => F($"{s.State} {s.Count}")))}"));
        if (plan is not null)
        {
            Console.WriteLine(F($"  plan: t = {plan.TrialsToStart}, f = {plan.Fraction:0.0000}, p = {plan.TrialsToContinue}, planned cost {plan.CostFullRuns:0.00} full runs"));
        }

        Console.WriteLine(F($"  paused at fraction {pause:0.0000}; steps spent {spent} = {(double)spent / stepsPerRun:0.000} full runs of {stepsPerRun} steps"));
        Console.WriteLine(F($"  best final accuracy {best?.FinalMetric:0.0000} ({best?.TrialId})"));

        // The engine is deterministic and resuming is bit-for-bit: every value the cohort's trials
        // reported must equal the full sweep's value for the same seed pair at the same step.
        int compared = 0, differing = 0, finalsEqual = 0;
        foreach (var t in cohort.Trials)
        {
            var twin = bySeeds[(t.InitSeed, t.OrderSeed)];
            var twinAt = twin.Evaluations.ToDictionary(e => e.Step, e => e.Value);
            foreach (var e in t.Evaluations.Where(e => twinAt.ContainsKey(e.Step)))
            {
                compared++;
                differing += BitConverter.DoubleToInt64Bits(e.Value) == BitConverter.DoubleToInt64Bits(twinAt[e.Step]) ? 0 : 1;
            }

            if (t.State == TrialState.Completed)
            {
                var same = t.FinalMetric == twin.FinalMetric;
                finalsEqual += same ? 1 : 0;
                Console.WriteLine(F($"  continued {t.TrialId}: final {t.FinalMetric:0.0000}, full sweep {twin.State} {twin.FinalMetric:0.0000} — {(same ? "identical" : "DIFFERENT")}"));
            }
        }

        Console.WriteLine(F($"  bit-for-bit check: {compared} evaluations at shared steps, {differing} differ; {finalsEqual} of {continued.Count} continued finals identical to the uninterrupted runs"));
        return new RealCohortResult((double)spent / stepsPerRun, best?.FinalMetric, pause);
    }

    private static void EqualCompute(SweepReport full, IReadOnlyList<double> finals, long stepsPerRun, RealCohortResult cohort)
    {
        if (cohort.Best is not { } best)
        {
            Console.WriteLine("The cohort has no final score: no equal-compute comparison.");
            return;
        }

        var cost = cohort.CostFullRuns;
        Console.WriteLine(F($"Equal compute: the real cohort cost {cost:0.000} full runs and reached {best:0.0000}."));
        Console.WriteLine(F($"  Tang (unbiased) EMP over the {finals.Count} completed trials at n = {cost:0.00}: {ExpectedMaxPerformance.AtFullRuns(finals, cost, EmpEstimator.Unbiased):0.0000} (with replacement {ExpectedMaxPerformance.AtFullRuns(finals, cost, EmpEstimator.WithReplacement):0.0000})"));
        var reachN = ExpectedMaxPerformance.TrialsToReach(finals, best, EmpEstimator.Unbiased);
        Console.WriteLine(F($"  smallest n whose Tang EMP reaches {best:0.0000}: {(reachN is { } k ? k.ToString(Inv) : "none ≤ N")}{(reachN is { } m ? F($" → {m - cost:0.00} full runs saved ({(m - cost) / m:P0})") : "")}"));

        // Training n randomly chosen seed pairs to the end *with* the divergence rule: diverged trials
        // cost where they stopped and score nothing. That is a cohort that keeps all of its members.
        var all = RealDataCohorts.Candidates(full, stepsPerRun, 0);
        for (var n = 1; n <= all.Count; n++)
        {
            var outcome = CohortSimulation.Evaluate(all, n, n);
            if (outcome.ExpectedBest >= best - 1e-12)
            {
                Console.WriteLine(F($"  random n of all {all.Count} seed pairs trained to the end (diverged ones stopped, scoring nothing): E[best] first reaches {best:0.0000} at n = {n}, expected cost {outcome.ExpectedCost:0.00} full runs"));
                return;
            }
        }

        Console.WriteLine(F($"  random n of all {all.Count} seed pairs trained to the end: E[best] never reaches {best:0.0000}"));
    }

    private static int Count(SweepReport report, TrialState state) => report.Trials.Count(t => t.State == state);

    private static string F(FormattableString text) => text.ToString(Inv);

    internal sealed record RealCohortResult(double CostFullRuns, double? Best, double Fraction);
}
