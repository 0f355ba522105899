using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Rendering;

/// <summary>The end-of-run summary: counts by state, the best trial with its seeds, mean ± std of the final metric.</summary>
internal static class SummaryView
{
    public static async Task WriteAsync(TextWriter output, IQueryStore store, string sweepId, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new CliException(ExitCodes.StoreError, $"no sweep '{sweepId}' in this database");
        var trials = await store.ListTrialsAsync(sweepId, null, cancellationToken);
        var metric = SpecParser.Parse(sweep.SpecYaml).Metric;
        foreach (var line in Lines(sweep, trials, metric))
        {
            await output.WriteLineAsync(line);
        }
    }

    internal static IEnumerable<string> Lines(SweepRow sweep, IReadOnlyList<TrialRow> trials, MetricSpec metric)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"Sweep {sweep.SweepId}: {sweep.Status}, {sweep.TrialCount} trials");
        yield return "  " + string.Join("  ", sweep.Counts.Where(c => c.Value > 0).Select(c => string.Create(inv, $"{c.Key} {c.Value}")));
        var finals = trials.Where(t => t.State == TrialState.Completed && t.FinalMetric is { } v && double.IsFinite(v)).ToList();
        if (finals.Count == 0)
        {
            yield return "  no completed trial has a final metric yet";
            yield break;
        }

        var best = metric.Maximize ? finals.MaxBy(t => t.FinalMetric!.Value)! : finals.MinBy(t => t.FinalMetric!.Value)!;
        var values = finals.Select(t => t.FinalMetric!.Value).ToList();
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0.0;
        yield return string.Create(inv, $"  best {metric.Name} {best.FinalMetric:F4}: {best.TrialId} (weight-init seed {best.InitSeed}, data-order seed {best.OrderSeed})");
        yield return string.Create(inv, $"  {metric.Name} over {values.Count} completed trials: mean {mean:F4} ± {std:F4} (sample std), min {values.Min():F4}, max {values.Max():F4}");
    }
}
