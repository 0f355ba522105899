using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>The <c>sweep report --plot</c> figure: the EMP panel above the histogram panel, as SVG text.</summary>
internal static class ReportPlot
{
    private const double Width = 920;
    private const double EmpHeight = 460;
    private const double HistogramHeight = 380;

    public static string Render(SweepReport report)
    {
        using var svg = new SvgCanvas(Width, EmpHeight + HistogramHeight, $"Sweep {report.SweepId}: expected best {report.Metric.Name} and scores by state");
        EmpPanel.Draw(svg, report, 0, 0, Width, EmpHeight);
        HistogramPanel.Draw(svg, report, 0, EmpHeight, Width, HistogramHeight);
        return svg.Finish();
    }
}
