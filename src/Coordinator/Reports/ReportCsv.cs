using System.Globalization;
using System.Text;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// <c>sweep report --csv</c>: one row per trial (RFC 4180 quoting, invariant numbers, round-trip
/// precision), then one <c>eval@STEP</c> column per evaluation step of the sweep (empty where the
/// trial has no evaluation at that step).
/// </summary>
public static class ReportCsv
{
    /// <summary>The columns before the per-evaluation ones.</summary>
    public static readonly IReadOnlyList<string> FixedColumns =
        ["trial_id", "config", "wi_seed", "do_seed", "state", "attempt", "final_metric", "compute_steps", "decision", "reason"];

    /// <summary>Renders the CSV text.</summary>
    public static string Render(SweepReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        Row(text, FixedColumns.Concat(report.EvaluationSteps.Select(s => string.Create(inv, $"eval@{s}"))));
        foreach (var t in report.Trials)
        {
            var byStep = t.Evaluations.ToDictionary(e => e.Step, e => e.Value);
            Row(text,
            [
                t.TrialId, t.ConfigIndex.ToString(inv), t.InitSeed.ToString(inv), t.OrderSeed.ToString(inv), t.State.ToString(),
                t.Attempt.ToString(inv), Number(t.FinalMetric), t.ComputeSteps.ToString(inv),
                t.Decision is { } d ? $"{d.Policy}:{d.Action}" : "", t.Reason ?? "",
                .. report.EvaluationSteps.Select(s => byStep.TryGetValue(s, out var v) ? Number(v) : ""),
            ]);
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void Row(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Quote));
        text.Append("\r\n");
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
