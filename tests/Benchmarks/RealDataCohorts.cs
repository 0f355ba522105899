using System.Globalization;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Statistics;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Benchmarks;

/// <summary>
/// The statistically fair version of the cohort comparison (part of <see cref="RealDataBenchmark"/>):
/// "start t, rank at f, continue the best p" replayed exactly over every random cohort of the full
/// sweep's recorded curves (<see cref="CohortSimulation"/>), against training trials to the end at the
/// same expected compute.
/// </summary>
internal static class RealDataCohorts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The full sweep's trials as cohort candidates at fraction <paramref name="fraction"/> (0: no early
    /// phase, for "train to the end"). A trial that diverged before f is unranked and costs where it
    /// stopped; one that diverged after f scores nothing when continued and costs where it stopped.
    /// </summary>
    public static List<CohortCandidate> Candidates(SweepReport full, long stepsPerRun, double fraction)
    {
        var list = new List<CohortCandidate>();
        foreach (var t in full.Trials)
        {
            var end = Math.Min(1.0, (double)t.ComputeSteps / stepsPerRun);
            var final = t.State == TrialState.Completed ? t.FinalMetric : null;
            var fullCost = t.State == TrialState.Completed ? 1.0 : end;
            if (fraction <= 0)
            {
                list.Add(new CohortCandidate(0, final, 0, fullCost));
                continue;
            }

            var early = t.Evaluations.FirstOrDefault(e => e.Fraction >= fraction - 1e-9);
            list.Add(early is null
                ? new CohortCandidate(null, null, end, end)
                : new CohortCandidate(early.Value, final, Math.Min(early.Fraction, fullCost), fullCost));
        }

        return list;
    }

    public static void Print(SweepReport full, long stepsPerRun, double fraction)
    {
        var cohorts = Candidates(full, stepsPerRun, fraction);
        var trained = Candidates(full, stepsPerRun, 0);
        var finals = trained.Where(c => c.FinalScore is not null).Select(c => c.FinalScore!.Value).ToList();
        var keepAll = Enumerable.Range(1, trained.Count).Select(n => CohortSimulation.Evaluate(trained, n, n)).ToList();
        Console.WriteLine(F($"Exact expectation over every random cohort of the {cohorts.Count} recorded trials, ranked at the first evaluation at or after f = {fraction:0.0000}:"));
        Console.WriteLine("  (\"train n\": n random seed pairs trained to the end with the divergence rule — diverged ones stop early and score nothing — interpolated to the cohort's expected cost;");
        Console.WriteLine(F($"   \"Tang\": unbiased EMP over the {finals.Count} completed trials at n = cost; n*: smallest n whose Tang EMP reaches the cohort's E[best])"));
        Console.WriteLine("  t   p   E[cost]  E[best] ± std     P(score)  train n at cost  Tang at cost  n*   saved");
        foreach (var t in new[] { 8, 16, 32, 64 })
        {
            foreach (var p in new[] { 1, 2, 3, 4, 6, 8 }.Where(p => p < t))
            {
                Row(cohorts, finals, keepAll, t, p);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Sensitivity to f for t = 32, p = 6 (the real cohort's t and p):");
        Console.WriteLine("  f       E[cost]  E[best] ± std     train n at cost");
        foreach (var f in full.Trials.SelectMany(t => t.Evaluations).Select(e => e.Fraction).Distinct().Order().Where(f => f <= 0.55))
        {
            var o = CohortSimulation.Evaluate(Candidates(full, stepsPerRun, f), 32, 6);
            Console.WriteLine(F($"  {f:0.0000}  {o.ExpectedCost,7:0.00}  {o.ExpectedBest:0.0000} ± {o.StdBest:0.0000}  {AtCost(keepAll, o.ExpectedCost):0.0000}"));
        }
    }

    private static void Row(List<CohortCandidate> cohorts, List<double> finals, List<CohortOutcome> keepAll, int t, int p)
    {
        var o = CohortSimulation.Evaluate(cohorts, t, p);
        var cost = o.ExpectedCost;
        var tang = cost >= 1 && cost <= finals.Count ? ExpectedMaxPerformance.AtFullRuns(finals, cost, EmpEstimator.Unbiased) : double.NaN;
        var reach = o.ExpectedBest is { } b ? ExpectedMaxPerformance.TrialsToReach(finals, b, EmpEstimator.Unbiased) : null;
        var saved = reach is { } n ? F($"{n - cost,6:0.00}") : "     —";
        Console.WriteLine(F($"  {t,-3} {p,-3} {cost,7:0.00}  {o.ExpectedBest:0.0000} ± {o.StdBest:0.0000}  {o.ProbabilityOfScore,8:0.000}  {AtCost(keepAll, cost),15:0.0000}  {tang,12:0.0000}  {(reach is { } r ? r.ToString(Inv) : "—"),-3}  {saved}"));
    }

    /// <summary>E[best] of training n random trials to the end, linear in n between the n whose expected costs bracket <paramref name="cost"/>.</summary>
    private static double AtCost(List<CohortOutcome> keepAll, double cost)
    {
        for (var i = 1; i < keepAll.Count; i++)
        {
            var (lo, hi) = (keepAll[i - 1], keepAll[i]);
            if (hi.ExpectedCost >= cost && lo.ExpectedBest is { } a && hi.ExpectedBest is { } b)
            {
                var w = (cost - lo.ExpectedCost) / (hi.ExpectedCost - lo.ExpectedCost);
                return w < 0 ? double.NaN : a + (w * (b - a));
            }
        }

        return double.NaN;
    }

    private static string F(FormattableString text) => text.ToString(Inv);
}
