using System.Globalization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// Builds a <see cref="SweepReport"/> from the query tables. Reads only (safe while the sweep runs);
/// only trials that completed with a finite final metric enter the statistics. Decisions are read
/// as journaled, so the report depends on no policy's code.
/// </summary>
public static partial class SweepReportBuilder
{
    /// <summary>Builds the report of <paramref name="sweepId"/>.</summary>
    /// <exception cref="KeyNotFoundException">The store has no such sweep.</exception>
    /// <exception cref="SpecException">The sweep's stored spec no longer parses.</exception>
    public static async Task<SweepReport> BuildAsync(IQueryStore store, string sweepId, ReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new KeyNotFoundException($"no sweep '{sweepId}' in this store");
        var metric = SpecParser.Parse(sweep.SpecYaml, sweepId).Metric;
        var rows = await store.ListTrialsAsync(sweepId, null, cancellationToken);
        var metrics = (await store.ListSweepMetricsAsync(sweepId, cancellationToken)).ToLookup(m => m.TrialId);
        var decisions = new List<IReadOnlyList<DecisionRow>>(rows.Count);
        foreach (var row in rows)
        {
            decisions.Add(await store.ListDecisionsAsync(row.TrialId, cancellationToken));
        }

        var trials = rows.Select((row, i) => Trial(row, metrics[row.TrialId], decisions[i], metric.Name)).ToList();
        var completed = trials.Where(IsScored).ToList();
        var statistics = completed.Count == 0 ? null : Statistics(completed, metric, options);
        return new SweepReport(
            SweepReport.CurrentVersion,
            sweep.SweepId,
            sweep.Name,
            sweep.Status,
            sweep.Status == "running",
            sweep.TrialCount,
            Enum.GetValues<TrialState>().Select(s => new StateCount(s, sweep.Counts.GetValueOrDefault(s))).ToList(),
            Progress(trials, sweep.TrialCount),
            metric,
            trials.SelectMany(t => t.Evaluations.Select(e => e.Step)).Distinct().Order().ToList(),
            trials,
            Scope(trials, completed.Count, sweep.TrialCount),
            statistics,
            Divergence(trials),
            Best(completed, metric.Maximize),
            Plans(decisions.SelectMany(d => d)),
            sweep.SubmittedAt,
            sweep.UpdatedAt);
    }

    /// <summary>True for a trial whose final score enters the statistics.</summary>
    internal static bool IsScored(TrialReport trial) =>
        trial.State == TrialState.Completed && trial.FinalMetric is { } v && double.IsFinite(v);

    private static TrialReport Trial(TrialRow row, IEnumerable<MetricRow> metrics, IReadOnlyList<DecisionRow> decisions, string metricName)
    {
        var evaluations = metrics
            .Where(m => m.Name == metricName)
            .GroupBy(m => m.Step)
            .Select(g => g.MaxBy(m => m.Attempt)!)
            .OrderBy(m => m.Step)
            .Select(m => new TrialEvaluation(m.Step, m.Fraction, m.Value, m.Attempt))
            .ToList();
        var (score, source) = row.FinalMetric is { } final && double.IsFinite(final)
            ? (final, ScoreSource.Final)
            : evaluations.LastOrDefault(e => double.IsFinite(e.Value)) is { } latest
                ? (latest.Value, ScoreSource.LatestEvaluation)
                : ((double?)null, ScoreSource.None);
        var last = decisions.Count == 0 ? null : decisions[^1];
        return new TrialReport(
            row.TrialId, row.ConfigIndex, row.InitSeed, row.OrderSeed, row.State, row.Attempt, row.FinalMetric, score, source,
            row.ComputeSteps, row.Fraction,
            evaluations,
            last is null ? null : new TrialDecision(last.Attempt, last.Policy, last.Action, last.Reason, last.EvidenceJson),
            decisions.Count,
            row.Reason,
            row.Checkpoint);
    }

    private static ReportProgress Progress(IReadOnlyList<TrialReport> trials, int trialCount)
    {
        var ended = trials.Count(t => t.State.IsTerminal());
        var done = trials.Sum(t => t.State.IsTerminal() ? 1.0 : Math.Clamp(t.Fraction, 0, 1));
        return new ReportProgress(ended, trialCount, trialCount == 0 ? 0 : done / trialCount, trials.Sum(t => t.ComputeSteps));
    }

    private static string Scope(IReadOnlyList<TrialReport> trials, int scored, int trialCount)
    {
        var inv = CultureInfo.InvariantCulture;
        var left = trials.Where(t => !IsScored(t)).GroupBy(t => t.State).OrderBy(g => g.Key)
            .Select(g => string.Create(inv, $"{g.Count()} {g.Key}")).ToList();
        var head = scored == 0
            ? string.Create(inv, $"no trial of {trialCount} has completed yet")
            : string.Create(inv, $"statistics over the {scored} completed trials of {trialCount}");
        return left.Count == 0 ? head : $"{head}; not included: {string.Join(", ", left)}";
    }

    private static BestTrialReport? Best(IReadOnlyList<TrialReport> completed, bool maximize)
    {
        if (completed.Count == 0)
        {
            return null;
        }

        var best = maximize ? completed.MaxBy(t => t.FinalMetric!.Value)! : completed.MinBy(t => t.FinalMetric!.Value)!;
        var folder = best.Checkpoint is { } path && File.Exists(Path.Combine(path, "config.json")) ? path : null;
        return new BestTrialReport(
            best.TrialId, best.ConfigIndex, best.InitSeed, best.OrderSeed, best.FinalMetric!.Value, best.ComputeSteps, best.Checkpoint, folder);
    }
}
