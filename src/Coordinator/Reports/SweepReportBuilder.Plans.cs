using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

public static partial class SweepReportBuilder
{
    /// <summary>Distinct plans found in decision evidence (<c>"plan": {"t", "f", "p", …}</c>), in order of first appearance.</summary>
    private static List<PlanReport> Plans(IEnumerable<DecisionRow> decisions)
    {
        var found = new List<(string Policy, int T, double F, int P, double? StepsPerRun)>();
        var counts = new Dictionary<(string, int, double, int), int>();
        foreach (var d in decisions)
        {
            if (ReadPlan(d.EvidenceJson) is not { } plan)
            {
                continue;
            }

            var key = (d.Policy, plan.T, plan.F, plan.P);
            if (counts.TryGetValue(key, out var n))
            {
                counts[key] = n + 1;
            }
            else
            {
                counts[key] = 1;
                found.Add((d.Policy, plan.T, plan.F, plan.P, plan.StepsPerRun));
            }
        }

        return found.Select(p => Plan(p.Policy, p.T, p.F, p.P, p.StepsPerRun, counts[(p.Policy, p.T, p.F, p.P)])).ToList();
    }

    private static PlanReport Plan(string policy, int t, double f, int p, double? s, int decisions)
    {
        var inv = CultureInfo.InvariantCulture;
        var runs = StartManyStopEarly.CostInFullRuns(t, f, p); // ReadPlan checked the ranges
        var steps = s is { } perRun ? runs * perRun : (double?)null;
        var formula = string.Create(inv, $"(t·f + p·(1−f))·s = ({t}·{f:0.###} + {p}·(1−{f:0.###}))·")
            + (s is { } sv ? string.Create(inv, $"{sv:0.###} = {steps:0.###} steps") : string.Create(inv, $"s = {runs:0.###} full runs"));
        return new PlanReport(policy, t, f, p, runs, s, steps, formula, decisions);
    }

    /// <summary>Reads t, f, p (and s from cost_steps / cost_full_runs) from evidence; null when the evidence has no usable plan.</summary>
    private static (int T, double F, int P, double? StepsPerRun)? ReadPlan(string evidenceJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(evidenceJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("plan", out var plan) || plan.ValueKind != JsonValueKind.Object
                || Number(plan, "t") is not { } t || Number(plan, "f") is not { } f || Number(plan, "p") is not { } p
                || t != Math.Floor(t) || p != Math.Floor(p) || t < 1 || p < 0 || p > t || f < 0 || f > 1)
            {
                return null;
            }

            double? s = Number(plan, "cost_steps") is { } costSteps && Number(plan, "cost_full_runs") is { } costRuns && costRuns > 0
                ? costSteps / costRuns
                : null;
            return ((int)t, f, (int)p, s);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
}
