using System.Globalization;
using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>
/// The EMP panel: expected best score against the number of trials n, both estimators (solid:
/// with replacement, dashed: unbiased), the 95 % bootstrap band of the with-replacement curve as a
/// shaded area, the observed best as a dashed horizontal line, and a second x axis in training steps.
/// </summary>
internal static class EmpPanel
{
    private const int MarkerLimit = 40;

    public static void Draw(SvgCanvas svg, SweepReport report, double left, double top, double width, double height)
    {
        var metric = report.Metric.Name;
        svg.BeginGroup("panel emp-panel");
        var stats = report.Statistics;
        if (stats is null)
        {
            svg.Text(left + (width / 2), top + 24, $"Expected best {metric} — sweep {report.SweepId}", "title", "middle", 15, bold: true);
            svg.Text(left + (width / 2), top + (height / 2), "No completed trial yet: no EMP curve.", "empty-note", "middle", 13);
            svg.EndGroup();
            return;
        }

        var emp = stats.Emp;
        var frame = new PlotFrame(left + 72, top + 66, left + width - 24, top + height - 52);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"Expected best {metric} of n trials (EMP) — sweep {report.SweepId}, N = {stats.Trials} completed{(report.Partial ? ", still running" : "")}");
        svg.Text(left + (width / 2), top + 22, title, "title", "middle", 15, bold: true);

        var maxN = emp.WithReplacement.Count;
        var x = new Axis(1, Math.Max(2, maxN), frame.Left, frame.Right);
        var values = emp.WithReplacement.SelectMany(p => new[] { p.Mean, p.BandLow ?? p.Mean, p.BandHigh ?? p.Mean })
            .Concat(emp.Unbiased.Select(p => p.Mean)).Append(emp.ObservedBest).ToList();
        // 4 % headroom so the observed-best line does not sit on the frame.
        var headroom = 0.04 * (values.Max() - values.Min());
        var (yMin, yMax) = Axis.NiceBounds(values.Min() - headroom, values.Max() + headroom, 6);
        var y = new Axis(yMin, yMax, frame.Bottom, frame.Top);
        var xStep = Math.Max(1, Math.Round(Axis.NiceStep(1, maxN, 8)));
        frame.DrawAxes(svg, x, xStep, y, Axis.NiceStep(yMin, yMax, 6));
        DrawComputeAxis(svg, frame, x, emp.MeanComputeSteps);

        // The band: upper edge left to right, then the lower edge back.
        var banded = emp.WithReplacement.Where(p => p.BandLow is not null && p.BandHigh is not null).ToList();
        if (banded.Count > 0)
        {
            svg.Polygon(
                banded.Select(p => (x.Map(p.N), y.Map(p.BandHigh!.Value)))
                    .Concat(banded.AsEnumerable().Reverse().Select(p => (x.Map(p.N), y.Map(p.BandLow!.Value)))),
                "band", PlotStyle.Band, 0.3);
        }

        if (stats.Trials < maxN)
        {
            // Beyond n = N only the with-replacement form is defined (and it extrapolates).
            svg.Line(x.Map(stats.Trials), frame.Top, x.Map(stats.Trials), frame.Bottom, "n-equals-N", "#999999", 1, "1 3");
            // The label goes where the curves are not: low for a maximized metric, high for a minimized one.
            var labelY = report.Metric.Maximize ? frame.Bottom - 6 : frame.Top + 12;
            svg.Text(x.Map(stats.Trials) + 4, labelY, string.Create(CultureInfo.InvariantCulture, $"n = N = {stats.Trials}"), "n-equals-N-label", "start", 10, fill: "#666666");
        }

        svg.Line(frame.Left, y.Map(emp.ObservedBest), frame.Right, y.Map(emp.ObservedBest), "observed-best", PlotStyle.ObservedBest, 1.5, PlotStyle.ObservedDash);
        svg.Polyline(emp.WithReplacement.Select(p => (x.Map(p.N), y.Map(p.Mean))), "emp-with-replacement", PlotStyle.WithReplacement, 2.2);
        svg.Polyline(emp.Unbiased.Select(p => (x.Map(p.N), y.Map(p.Mean))), "emp-unbiased", PlotStyle.Unbiased, 2.2, PlotStyle.UnbiasedDash);
        if (maxN <= MarkerLimit)
        {
            // With few points the markers show where the estimates are (the lines only join them).
            foreach (var p in emp.WithReplacement)
            {
                svg.Circle(x.Map(p.N), y.Map(p.Mean), 3, "marker marker-with-replacement", PlotStyle.WithReplacement);
            }

            foreach (var p in emp.Unbiased)
            {
                svg.Circle(x.Map(p.N), y.Map(p.Mean), 3, "marker marker-unbiased", PlotStyle.Unbiased);
            }
        }

        svg.Text(frame.Left + (frame.Width / 2), frame.Bottom + 38, "trials n", "axis-label x-label", "middle", 13);
        svg.Text(left + 18, frame.Top + (frame.Height / 2), metric, "axis-label y-label", "middle", 13, rotate: -90);

        var best = report.Metric.Maximize ? "observed max" : "observed min";
        var legendTop = report.Metric.Maximize ? frame.Bottom - 10 - ((4 * 18) + 12) : frame.Top + 10;
        PlotFrame.DrawLegend(svg, frame.Right - 10, legendTop,
        [
            ((sx, sy) => svg.Line(sx, sy, sx + 26, sy, "legend-swatch", PlotStyle.WithReplacement, 2.2), "with replacement (Dodge 2019)"),
            ((sx, sy) => svg.Line(sx, sy, sx + 26, sy, "legend-swatch", PlotStyle.Unbiased, 2.2, PlotStyle.UnbiasedDash), "unbiased, n ≤ N (Tang 2020)"),
            ((sx, sy) => svg.Rect(sx, sy - 6, 26, 12, "legend-swatch", PlotStyle.Band, null, 0.3),
                string.Create(CultureInfo.InvariantCulture, $"{emp.BandUpperPercentile - emp.BandLowerPercentile:0.#} % bootstrap band, with repl. (B = {emp.BootstrapSamples})")),
            ((sx, sy) => svg.Line(sx, sy, sx + 26, sy, "legend-swatch", PlotStyle.ObservedBest, 1.5, PlotStyle.ObservedDash),
                string.Create(CultureInfo.InvariantCulture, $"{best} {emp.ObservedBest:0.0000}")),
        ]);
        svg.EndGroup();
    }

    /// <summary>Training steps along the top: n trials cost n × the mean steps of a completed trial.</summary>
    private static void DrawComputeAxis(SvgCanvas svg, PlotFrame frame, Axis x, double meanSteps)
    {
        if (!(meanSteps > 0))
        {
            return;
        }

        var steps = new Axis(x.Min * meanSteps, x.Max * meanSteps, frame.Left, frame.Right);
        var step = Axis.NiceStep(steps.Min, steps.Max, 6);
        svg.BeginGroup("compute-axis");
        svg.Line(frame.Left, frame.Top, frame.Right, frame.Top, "axis top-axis", PlotStyle.AxisLine);
        foreach (var t in steps.Ticks(step))
        {
            svg.Line(steps.Map(t), frame.Top - 5, steps.Map(t), frame.Top, "tick", PlotStyle.AxisLine);
            svg.Text(steps.Map(t), frame.Top - 8, Compact(t, steps.Max), "tick-label", "middle", 11);
        }

        svg.Text(frame.Left + (frame.Width / 2), frame.Top - 24,
            string.Create(CultureInfo.InvariantCulture, $"training steps (n × {meanSteps:0.#} mean steps of a completed trial)"), "axis-label top-label", "middle", 12);
        svg.EndGroup();
    }

    /// <summary>Tick labels in one unit for the whole axis: plain, thousands (k) or millions (M).</summary>
    private static string Compact(double v, double axisMax) => axisMax switch
    {
        >= 1e7 => (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
