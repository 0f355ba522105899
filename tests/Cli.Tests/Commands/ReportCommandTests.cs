using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Trials;
using static SweepCluster.Cli.Tests.Commands.SimulatedSweepFixture;

namespace SweepCluster.Cli.Tests.Commands;

public sealed class ReportCommandTests(SimulatedSweepFixture sweep) : IClassFixture<SimulatedSweepFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Report_Json_ParsesBackToTheSweep()
    {
        var report = await JsonReportAsync();

        Assert.Equal((SweepName, "completed", false, 12, 12), (report.SweepId, report.Status, report.Partial, report.TrialCount, report.Trials.Count));
        Assert.Equal(12, report.Counts.Where(c => c.State is TrialState.Completed or TrialState.Diverged).Sum(c => c.Count));
        var completed = report.Trials.Count(t => t.State == TrialState.Completed);
        Assert.InRange(completed, 2, 11); // the spec's diverge share leaves some of each
        Assert.Equal(completed, report.Statistics!.Trials);
        Assert.Equal(2 * completed, report.Statistics.Emp.WithReplacement.Count);
        Assert.Equal([5L, 10, 15, 20], report.EvaluationSteps);
        Assert.All(report.Trials.Where(t => t.State == TrialState.Completed), t => Assert.Equal((ScoreSource.Final, 20L), (t.ScoreSource, t.ComputeSteps)));
    }

    [Fact]
    public async Task Report_DefaultSweep_PrintsTheSectionsAndTheBestTrial()
    {
        var report = await JsonReportAsync();

        var (code, output, error) = await RunAsync("report", "--db", sweep.Db);

        Assert.Equal((0, ""), (code, error));
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal($"Sweep {SweepName} ({SweepName}): completed", lines[0]);
        foreach (var section in new[] { "Trials", "Expected best accuracy of n trials (EMP)", "Variance by seed", "Early ranking", "Divergence", "Budget to target", "Best trial" })
        {
            Assert.Contains(section, lines);
        }

        var best = report.Best!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"  {best.TrialId}: accuracy {best.Score:F4} (weight-init seed {best.InitSeed}, data-order seed {best.OrderSeed}, config 0, 20 steps)"), lines);
        // One table row per trial, starting with its id.
        Assert.Equal(report.Trials.Select(t => t.TrialId), lines.Where(l => l.StartsWith(SweepName + "/", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        // The diverged trials leave holes in the 4 × 3 grid: the full ANOVA is not computed, the sub-grid one is.
        var grid = report.Statistics!.Variance.SubGrid!;
        Assert.Null(report.Statistics.Variance.Anova);
        Assert.Contains(lines, l => l.StartsWith(string.Create(CultureInfo.InvariantCulture,
            $"  two-way ANOVA on the largest complete sub-grid, WI {string.Join(",", grid.InitSeeds)} × DO {string.Join(",", grid.OrderSeeds)} ({grid.Cells} trials;"), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  WI seed ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_Csv_HeaderAndOneRowPerTrialWithTheEvaluations()
    {
        var report = await JsonReportAsync();
        var csv = Path.Combine(sweep.Directory, $"trials-{Guid.NewGuid():N}.csv");

        var (code, output, _) = await RunAsync("report", SweepName, "--db", sweep.Db, "--csv", csv);

        Assert.Equal(0, code);
        Assert.EndsWith($"CSV written to {csv}{Environment.NewLine}", output);
        var lines = (await File.ReadAllTextAsync(csv)).Split("\r\n");
        Assert.Equal(
            "trial_id,config,wi_seed,do_seed,state,attempt,final_metric,compute_steps,decision,reason,eval@5,eval@10,eval@15,eval@20",
            lines[0]);
        Assert.Equal(12 + 2, lines.Length); // header, 12 rows, and the empty string after the last line break
        Assert.Equal("", lines[^1]);
        var first = report.Trials[0];
        var cells = lines[1].Split(',');
        Assert.Equal(
            [first.TrialId, "0", first.InitSeed.ToString(CultureInfo.InvariantCulture), first.OrderSeed.ToString(CultureInfo.InvariantCulture), first.State.ToString(), "1"],
            cells[..6]);
        Assert.Equal(first.Evaluations.Select(e => e.Value), cells[10..].Where(c => c.Length > 0).Select(c => double.Parse(c, CultureInfo.InvariantCulture)));
        var diverged = report.Trials.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.State == TrialState.Diverged);
        if (diverged.t is not null)
        {
            var row = lines[diverged.i + 1].Split(',');
            Assert.Equal(("Diverged", "", "divergence:diverged"), (row[4], row[6], row[8]));
        }
    }

    [Fact]
    public async Task Report_Plot_WritesAnSvgWithCurvesBandAndHistogram()
    {
        var report = await JsonReportAsync();
        var svgPath = Path.Combine(sweep.Directory, $"plot-{Guid.NewGuid():N}.svg");

        var (code, _, _) = await RunAsync("report", "--db", sweep.Db, "--plot", svgPath);

        Assert.Equal(0, code);
        var doc = XDocument.Parse(await File.ReadAllTextAsync(svgPath)); // well-formed XML or it throws
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var byClass = doc.Descendants().Where(e => e.Attribute("class") is not null).ToLookup(e => e.Attribute("class")!.Value);
        Assert.Equal(Svg + "polygon", Assert.Single(byClass["band"]).Name);
        var withReplacement = Assert.Single(byClass["emp-with-replacement"]);
        Assert.Equal(2 * report.Statistics!.Trials, withReplacement.Attribute("points")!.Value.Split(' ').Length);
        var unbiased = Assert.Single(byClass["emp-unbiased"]);
        Assert.Equal(report.Statistics.Trials, unbiased.Attribute("points")!.Value.Split(' ').Length);
        Assert.NotEqual(withReplacement.Attribute("stroke-dasharray")?.Value, unbiased.Attribute("stroke-dasharray")?.Value);
        Assert.NotNull(Assert.Single(byClass["observed-best"]).Attribute("stroke-dasharray"));

        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("trials n", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("trials", texts);
        Assert.Contains("with replacement (Dodge 2019)", texts);
        Assert.Contains("unbiased, n ≤ N (Tang 2020)", texts);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"observed max {report.Statistics.Emp.ObservedBest:0.0000}"), texts);
        Assert.Contains(texts, t => t.StartsWith("Expected best accuracy of n trials (EMP)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Accuracy of each trial by state", StringComparison.Ordinal));

        // The histogram: one legend row per state present, bars of each state's colour class.
        foreach (var group in report.Trials.GroupBy(t => t.State))
        {
            var label = group.Key == TrialState.Completed ? "Completed (final)" : $"{group.Key} (last value)";
            Assert.Contains($"{label} — {group.Count()}", texts);
            Assert.NotEmpty(byClass[$"bar state-{group.Key}"]);
        }
    }

    [Fact]
    public async Task Report_UnknownSweep_ExitCode3AndOneLine()
    {
        var (code, output, error) = await RunAsync("report", "nope", "--db", sweep.Db);

        Assert.Equal((3, "", $"sweep: no sweep 'nope' in this database{Environment.NewLine}"), (code, output, error));
    }

    [Fact]
    public async Task Report_MissingDatabase_ExitCode3()
    {
        var missing = Path.Combine(sweep.Directory, "missing.db");

        var (code, _, error) = await RunAsync("report", "--db", missing);

        Assert.Equal((3, $"sweep: no database at {missing} (run a sweep first, or pass --db){Environment.NewLine}"), (code, error));
    }

    private async Task<SweepReport> JsonReportAsync()
    {
        var (code, output, error) = await RunAsync("report", "--db", sweep.Db, "--json");
        Assert.Equal((0, ""), (code, error));
        return JsonSerializer.Deserialize(output, SweepReportJsonContext.Default.SweepReport)!;
    }
}
