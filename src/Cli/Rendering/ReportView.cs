using System.Globalization;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Cli.Rendering;

/// <summary>
/// The terminal form of a <see cref="SweepReport"/>: plain aligned text (no colours, no box drawing),
/// stable when redirected and in tests. Sections follow docs/report.md.
/// </summary>
internal static partial class ReportView
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(TextWriter output, SweepReport report)
    {
        await WriteHeaderAsync(output, report);
        await WriteTrialsAsync(output, report);
        if (report.Statistics is { } stats)
        {
            await WriteScoresAsync(output, report, stats);
            await WriteEmpAsync(output, report, stats.Emp);
            await WriteVarianceAsync(output, stats.Variance);
            await WriteEarlyRankingAsync(output, report, stats.EarlyRanking);
            await WriteSeedsAsync(output, stats.Seeds);
        }

        await WriteDivergenceAsync(output, report.Divergence);
        if (report.Statistics is { } s)
        {
            await WriteBudgetAsync(output, report, s.Budget);
        }

        await WriteBestAsync(output, report);
        await WritePlansAsync(output, report.Plans);
    }

    private static async Task WriteHeaderAsync(TextWriter output, SweepReport report)
    {
        var p = report.Progress;
        await output.WriteLineAsync(string.Create(Inv,
            $"Sweep {report.SweepId} ({report.Name}): {report.Status}{(report.Partial ? " — partial report" : "")}"));
        await output.WriteLineAsync(string.Create(Inv,
            $"  {p.Ended} of {p.TrialCount} trials ended, training {p.TrainingDone * 100:0.#} % done, {p.ComputeSteps} steps spent"));
        await output.WriteLineAsync("  " + string.Join("  ", report.Counts.Where(c => c.Count > 0).Select(c => string.Create(Inv, $"{c.State} {c.Count}"))));
        await output.WriteLineAsync($"  ranking metric: {report.Metric.Name} ({(report.Metric.Maximize ? "higher" : "lower")} is better)");
        await output.WriteLineAsync($"  {report.StatisticsScope}");
    }

    private static async Task WriteTrialsAsync(TextWriter output, SweepReport report)
    {
        await Section(output, "Trials");
        var rows = report.Trials.Select(t => new[]
        {
            t.TrialId, t.InitSeed.ToString(Inv), t.OrderSeed.ToString(Inv), t.State.ToString(), t.Attempt.ToString(Inv),
            t.Score is { } v ? Metric(v) + (t.ScoreSource == ScoreSource.LatestEvaluation ? "*" : "") : "",
            t.ComputeSteps.ToString(Inv),
            t.Decision is { } d ? $"{d.Policy}:{d.Action}" : "",
            t.Reason ?? "",
        }).ToList();
        await TextTable.WriteAsync(output, ["trial", "WI", "DO", "state", "attempt", report.Metric.Name, "steps", "decision", "reason"], rows);
        if (report.Trials.Any(t => t.ScoreSource == ScoreSource.LatestEvaluation))
        {
            await output.WriteLineAsync("  * latest evaluation, not a final score (trial still running or stopped before the end)");
        }
    }

    private static async Task WriteScoresAsync(TextWriter output, SweepReport report, ReportStatistics stats)
    {
        var s = stats.Scores;
        await Section(output, $"Final {report.Metric.Name} of the completed trials");
        await output.WriteLineAsync(string.Create(Inv,
            $"  N = {s.Count}: mean {Metric(s.Mean)}, std {(s.Std is { } sd ? Metric(sd) : "n/a")} (sample), min {Metric(s.Min)}, max {Metric(s.Max)}"));
    }

    private static async Task WriteEmpAsync(TextWriter output, SweepReport report, EmpReport emp)
    {
        await Section(output, $"Expected best {report.Metric.Name} of n trials (EMP)");
        var n = emp.Unbiased.Count;
        var rows = Checkpoints(emp.WithReplacement.Count, n).Select(k =>
        {
            var w = emp.WithReplacement[k - 1];
            var u = k <= n ? emp.Unbiased[k - 1] : null;
            return new[]
            {
                k.ToString(Inv), w.Compute is { } c ? c.ToString("0", Inv) : "",
                Metric(w.Mean), Metric(w.Std), Band(w),
                u is null ? "" : Metric(u.Mean), u is null ? "" : Metric(u.Std), u is null ? "" : Band(u),
            };
        }).ToList();
        var band = string.Create(Inv, $"{emp.BandUpperPercentile - emp.BandLowerPercentile:0.#}% band");
        await TextTable.WriteAsync(output, ["n", "steps", "with repl.", "std", band, "unbiased", "std", band], rows);
        await output.WriteLineAsync(string.Create(Inv,
            $"  observed best {Metric(emp.ObservedBest)}; bands: percentile bootstrap, B = {emp.BootstrapSamples}, seed {emp.BootstrapSeed}; the unbiased form stops at n = N = {n}"));
    }

    private static async Task WriteVarianceAsync(TextWriter output, VarianceReport variance)
    {
        await Section(output, "Variance by seed");
        await output.WriteLineAsync("  expected std due to weight init (WI): " + Spread(variance.ExpectedStd.DueToInit, "DO"));
        await output.WriteLineAsync("  expected std due to data order (DO):  " + Spread(variance.ExpectedStd.DueToOrder, "WI"));
        if (variance.Anova is { } anova)
        {
            await output.WriteLineAsync(string.Create(Inv,
                $"  two-way ANOVA, {anova.InitLevels} WI × {anova.OrderLevels} DO seeds, {anova.Replicates} trial(s) per cell:"));
            await WriteAnovaAsync(output, anova);
            return;
        }

        await output.WriteLineAsync($"  two-way ANOVA: not computed — {variance.AnovaNote}");
        if (variance.SubGrid is { } grid && variance.SubGridAnova is { } sub)
        {
            await output.WriteLineAsync(string.Create(Inv,
                $"  two-way ANOVA on the largest complete sub-grid, WI {string.Join(",", grid.InitSeeds)} × DO {string.Join(",", grid.OrderSeeds)} ({grid.Cells} trials; it leaves out the seeds whose trials did not complete, so it describes the seeds that trained):"));
            await WriteAnovaAsync(output, sub);
        }
    }

    private static async Task WriteAnovaAsync(TextWriter output, TwoWayAnova anova)
    {
        var table = new[] { anova.Init, anova.Order, anova.Interaction, anova.Residual, anova.Total }
            .Where(r => r is not null)
            .Select(r => new[]
            {
                "  " + r!.Source, r.SumOfSquares.ToString("G6", Inv), r.DegreesOfFreedom.ToString(Inv), r.MeanSquare.ToString("G6", Inv),
                r.F is { } f ? f.ToString("F3", Inv) : "", r.PValue is { } p ? PValue(p) : "",
            }).ToList();
        await TextTable.WriteAsync(output, ["  source", "SS", "df", "MS", "F", "p"], table);
        if (anova.Init.F is null)
        {
            await output.WriteLineAsync("  F and p undefined: the residual mean square is zero (the scores are exactly additive in WI and DO)");
        }
    }

    private static async Task WriteEarlyRankingAsync(TextWriter output, SweepReport report, EarlyRankingReport early)
    {
        await Section(output, "Early ranking");
        if (early.Spearman is not { } rho)
        {
            await output.WriteLineAsync(string.Create(Inv, $"  Spearman ρ at f = {early.Fraction}: undefined — {early.Note}"));
            return;
        }

        await output.WriteLineAsync(string.Create(Inv,
            $"  Spearman ρ between {report.Metric.Name} at f = {early.Fraction} and the final score: {rho:F3} (Kendall τ {early.KendallTau:F3}; {early.Pairs} trials, mean fraction used {early.MeanFractionUsed:F3})"));
    }

    private static async Task WriteSeedsAsync(TextWriter output, SeedReport seeds)
    {
        await Section(output, "Best seeds (mean final score per seed)");
        await output.WriteLineAsync("  weight init (WI): " + SeedList(seeds.InitMeans));
        await output.WriteLineAsync("  data order (DO):  " + SeedList(seeds.OrderMeans));
    }

    private static string Metric(double v) => double.IsFinite(v) ? v.ToString("F4", Inv) : v.ToString(Inv);

    private static string Band(EmpPoint p) =>
        p.BandLow is { } lo && p.BandHigh is { } hi ? string.Create(Inv, $"{Metric(lo)}–{Metric(hi)}") : "";

    private static string PValue(double p) => p < 1e-4 ? p.ToString("0.0E+0", Inv) : p.ToString("F4", Inv);

    private static string Spread(FactorSpread spread, string other) => spread.ExpectedStd is { } std
        ? string.Create(Inv, $"{Metric(std)} (averaged over {spread.GroupsUsed} {other} seeds{(spread.GroupsSkipped > 0 ? $", {spread.GroupsSkipped} with a single trial skipped" : "")})")
        : string.Create(Inv, $"n/a (no {other} seed has two completed trials)");

    private static string SeedList(IReadOnlyList<SeedMean> means)
    {
        const int Shown = 8;
        var text = string.Join(", ", means.Take(Shown).Select(m => string.Create(Inv, $"{m.Seed}: {Metric(m.Mean)} (n={m.Count})")));
        return means.Count > Shown ? string.Create(Inv, $"{text}, … ({means.Count - Shown} more; worst {means[^1].Seed}: {Metric(means[^1].Mean)})") : text;
    }

    /// <summary>The n shown in the EMP table: every n up to 10, then 1-2-5 steps, N and the last n.</summary>
    internal static IEnumerable<int> Checkpoints(int maxN, int trials)
    {
        var shown = new SortedSet<int>(Enumerable.Range(1, Math.Min(10, maxN))) { trials, maxN };
        for (var decade = 10; decade <= maxN; decade *= 10)
        {
            foreach (var m in new[] { 1, 1.5, 2, 3, 5, 7.5 })
            {
                var k = (int)(m * decade);
                if (k <= maxN)
                {
                    shown.Add(k);
                }
            }
        }

        return shown;
    }

    private static Task Section(TextWriter output, string title) => output.WriteLineAsync(Environment.NewLine + title);
}
