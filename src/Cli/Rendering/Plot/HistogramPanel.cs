using System.Globalization;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>
/// Histogram of the trials' scores, stacked by state: the final metric of completed trials, the last
/// evaluated value of the others (early-stopped, diverged, still running), so a reader sees where the
/// stopped and diverged trials were when they ended.
/// </summary>
internal static class HistogramPanel
{
    public static void Draw(SvgCanvas svg, SweepReport report, double left, double top, double width, double height)
    {
        var metric = report.Metric.Name;
        var scored = report.Trials.Where(t => t.Score is { } s && double.IsFinite(s)).ToList();
        var missing = report.Trials.Count - scored.Count;
        svg.BeginGroup("panel histogram-panel");
        var title = string.Create(CultureInfo.InvariantCulture, $"{Capital(metric)} of each trial by state — {scored.Count} of {report.Trials.Count} trials")
            + (missing > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({missing} without a value yet)") : "");
        svg.Text(left + (width / 2), top + 22, title, "title", "middle", 15, bold: true);
        if (scored.Count == 0)
        {
            svg.Text(left + (width / 2), top + (height / 2), "No trial has reported the ranking metric yet.", "empty-note", "middle", 13);
            svg.EndGroup();
            return;
        }

        var frame = new PlotFrame(left + 72, top + 44, left + width - 24, top + height - 52);
        var lo = scored.Min(t => t.Score!.Value);
        var hi = scored.Max(t => t.Score!.Value);
        if (!(hi > lo))
        {
            var pad = Math.Max(Math.Abs(lo) * 0.01, 0.005);
            (lo, hi) = (lo - pad, hi + pad);
        }

        var bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(scored.Count)) + 2, 5, 24);
        var binWidth = (hi - lo) / bins;
        var states = scored.Select(t => t.State).Distinct().Order().ToList();
        var counts = new int[bins, states.Count];
        foreach (var t in scored)
        {
            var b = Math.Min(bins - 1, (int)((t.Score!.Value - lo) / binWidth));
            counts[b, states.IndexOf(t.State)]++;
        }

        var tallest = Enumerable.Range(0, bins).Max(b => Enumerable.Range(0, states.Count).Sum(s => counts[b, s]));
        var x = new Axis(lo, hi, frame.Left, frame.Right);
        var yStep = Math.Max(1, Math.Round(Axis.NiceStep(0, tallest, 5)));
        var y = new Axis(0, Math.Ceiling(tallest * 1.15 / yStep) * yStep, frame.Bottom, frame.Top); // headroom for the legend
        frame.DrawAxes(svg, x, Axis.NiceStep(lo, hi, 8), y, yStep);

        svg.BeginGroup("bars");
        for (var b = 0; b < bins; b++)
        {
            var x0 = x.Map(lo + (b * binWidth)) + 1;
            var x1 = x.Map(lo + ((b + 1) * binWidth)) - 1;
            var stacked = 0;
            for (var s = 0; s < states.Count; s++)
            {
                if (counts[b, s] == 0)
                {
                    continue;
                }

                var yTop = y.Map(stacked + counts[b, s]);
                svg.Rect(x0, yTop, x1 - x0, y.Map(stacked) - yTop, $"bar state-{states[s]}", PlotStyle.StateColor(states[s]), "#ffffff");
                stacked += counts[b, s];
            }
        }

        svg.EndGroup();
        svg.Text(frame.Left + (frame.Width / 2), frame.Bottom + 38,
            $"{metric} (final for Completed, last evaluation otherwise)", "axis-label x-label", "middle", 13);
        svg.Text(left + 18, frame.Top + (frame.Height / 2), "trials", "axis-label y-label", "middle", 13, rotate: -90);

        var legendRows = states.Select(s => (
            (Action<double, double>)((sx, sy) => svg.Rect(sx + 5, sy - 6, 16, 12, $"legend-swatch state-{s}", PlotStyle.StateColor(s))),
            Label(s, scored.Count(t => t.State == s)))).ToList();
        // The legend goes over the half of the plot whose tallest bar is lower.
        int Height(int b) => Enumerable.Range(0, states.Count).Sum(s => counts[b, s]);
        var leftTallest = Enumerable.Range(0, bins / 2).Max(Height);
        var rightTallest = Enumerable.Range(bins / 2, bins - (bins / 2)).Max(Height);
        var legendRight = rightTallest > leftTallest ? frame.Left + 10 + LegendWidth(legendRows) : frame.Right - 10;
        PlotFrame.DrawLegend(svg, legendRight, frame.Top + 8, legendRows);
        svg.EndGroup();
    }

    private static string Label(TrialState state, int count) => state switch
    {
        TrialState.Completed => $"Completed (final) — {count}",
        _ => $"{state} (last value) — {count}",
    };

    private static double LegendWidth(IReadOnlyList<(Action<double, double> Swatch, string Label)> rows) =>
        8 + 26 + 6 + (rows.Max(r => r.Label.Length) * 6.6) + 8;

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
