using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Cli.Rendering;

internal static partial class ReportView
{
    private static async Task WriteDivergenceAsync(TextWriter output, DivergenceReport divergence)
    {
        await Section(output, "Divergence");
        if (divergence.Rate is not { } rate)
        {
            await output.WriteLineAsync("  no trial has ended training yet");
            return;
        }

        await output.WriteLineAsync(string.Create(Inv,
            $"  {divergence.Diverged} of {divergence.Trials} trials diverged ({rate * 100:0.#} %; over Completed, EarlyStopped and Diverged trials)"));
        if (divergence.Diverged > 0)
        {
            await output.WriteLineAsync("  by WI seed: " + Rates(divergence.ByInit));
            await output.WriteLineAsync("  by DO seed: " + Rates(divergence.ByOrder));
        }
    }

    private static async Task WriteBudgetAsync(TextWriter output, SweepReport report, BudgetReport budget)
    {
        await Section(output, "Budget to target");
        var target = budget.TargetPercentile is not { } pct ? string.Create(Inv, $"θ = {Metric(budget.Target)}")
            : report.Metric.Maximize ? string.Create(Inv, $"θ = {Metric(budget.Target)} (the {pct:0.#}th percentile of the final scores)")
            : string.Create(Inv, $"θ = {Metric(budget.Target)} (the {100 - pct:0.#}th percentile of the final scores, the {pct:0.#}th in the better direction)");
        var e = budget.Estimate;
        var relation = report.Metric.Maximize ? "≥" : "≤";
        var confidence = string.Create(Inv, $"{(1 - e.Alpha) * 100:0.#} %");
        await output.WriteLineAsync(e.Trials is { } n
            ? string.Create(Inv,
                $"  {target}: {n} trials (≈ {budget.ComputeSteps:0} steps) give P(best {relation} θ) ≥ {confidence}; one trial misses with q = {e.MissProbability:0.###} ({e.ScoresReachingTarget} of {e.TotalScores} reach θ)")
            : string.Create(Inv, $"  {target}: unreachable — no completed trial reached it"));
    }

    private static async Task WriteBestAsync(TextWriter output, SweepReport report)
    {
        await Section(output, "Best trial");
        if (report.Best is not { } best)
        {
            await output.WriteLineAsync("  none yet (no completed trial)");
            return;
        }

        await output.WriteLineAsync(string.Create(Inv,
            $"  {best.TrialId}: {report.Metric.Name} {Metric(best.Score)} (weight-init seed {best.InitSeed}, data-order seed {best.OrderSeed}, config {best.ConfigIndex}, {best.ComputeSteps} steps)"));
        if (best.ModelFolder is { } folder)
        {
            await output.WriteLineAsync($"  model folder (Hugging Face layout, for `sweep predict`): {folder}");
        }
        else
        {
            await output.WriteLineAsync($"  no model folder: {(best.Checkpoint is null ? "the trial saved no checkpoint" : $"its last checkpoint {best.Checkpoint} is not a folder with config.json")}");
        }
    }

    private static async Task WritePlansAsync(TextWriter output, IReadOnlyList<PlanReport> plans)
    {
        if (plans.Count == 0)
        {
            return;
        }

        await Section(output, "Start many, stop early, continue some");
        foreach (var p in plans)
        {
            await output.WriteLineAsync(string.Create(Inv,
                $"  {p.Policy}: start t = {p.TrialsToStart}, evaluate at f = {p.Fraction:0.###}, continue p = {p.TrialsToContinue} ({p.Decisions} decisions)"));
            await output.WriteLineAsync($"    cost {p.Formula}");
        }
    }

    private static string Rates(IReadOnlyList<Shared.Statistics.DivergenceRate> rates) =>
        string.Join(", ", rates.Select(r => string.Create(Inv, $"{r.Seed}: {r.Diverged}/{r.Trials}")));
}
