namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>The plotting area of a panel, in pixels.</summary>
internal sealed record PlotFrame(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;

    /// <summary>Draws the grid lines, ticks and tick labels of both axes and the frame.</summary>
    public void DrawAxes(SvgCanvas svg, Axis x, double xStep, Axis y, double yStep, Func<double, string>? xLabel = null)
    {
        svg.BeginGroup("grid");
        foreach (var t in y.Ticks(yStep))
        {
            svg.Line(Left, y.Map(t), Right, y.Map(t), "grid-line", PlotStyle.Grid);
        }

        foreach (var t in x.Ticks(xStep))
        {
            svg.Line(x.Map(t), Top, x.Map(t), Bottom, "grid-line", PlotStyle.Grid);
        }

        svg.EndGroup();
        svg.BeginGroup("axes");
        svg.Line(Left, Bottom, Right, Bottom, "axis x-axis", PlotStyle.AxisLine);
        svg.Line(Left, Top, Left, Bottom, "axis y-axis", PlotStyle.AxisLine);
        foreach (var t in x.Ticks(xStep))
        {
            svg.Line(x.Map(t), Bottom, x.Map(t), Bottom + 5, "tick", PlotStyle.AxisLine);
            svg.Text(x.Map(t), Bottom + 18, xLabel?.Invoke(t) ?? Axis.Label(t, xStep), "tick-label", "middle", 11);
        }

        foreach (var t in y.Ticks(yStep))
        {
            svg.Line(Left - 5, y.Map(t), Left, y.Map(t), "tick", PlotStyle.AxisLine);
            svg.Text(Left - 8, y.Map(t) + 4, Axis.Label(t, yStep), "tick-label", "end", 11);
        }

        svg.EndGroup();
    }

    /// <summary>A legend box of (swatch drawer, label) rows with its top-right corner at (right, top).</summary>
    public static void DrawLegend(SvgCanvas svg, double right, double top, IReadOnlyList<(Action<double, double> Swatch, string Label)> rows)
    {
        const double rowHeight = 18, swatch = 26, pad = 8;
        var width = pad + swatch + 6 + (rows.Max(r => r.Label.Length) * 6.6) + pad;
        var left = right - width;
        svg.BeginGroup("legend");
        svg.Rect(left, top, width, (rows.Count * rowHeight) + (2 * pad) - 4, "legend-box", "#ffffff", "#bbbbbb", 0.9);
        for (var i = 0; i < rows.Count; i++)
        {
            var cy = top + pad + 7 + (i * rowHeight);
            rows[i].Swatch(left + pad, cy);
            svg.Text(left + pad + swatch + 6, cy + 4, rows[i].Label, "legend-label", "start", 11);
        }

        svg.EndGroup();
    }
}
