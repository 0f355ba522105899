using System.Xml.Linq;
using SweepCluster.Cli.Rendering.Plot;

namespace SweepCluster.Cli.Tests.Rendering.Plot;

public sealed class ReportPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_NothingCompleted_NoCurvesAnEmptyNoteAndAHistogramOfTheScoredTrial()
    {
        var doc = XDocument.Parse(ReportPlot.Render(ReportSamples.NothingCompleted()));

        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("No completed trial yet: no EMP curve.", texts);
        Assert.Contains("Accuracy of each trial by state — 1 of 2 trials (1 without a value yet)", texts);
        Assert.Contains("Running (last value) — 1", texts);
        Assert.Empty(doc.Descendants(Svg + "polyline"));
        Assert.Single(doc.Descendants(Svg + "rect"), r => r.Attribute("class")?.Value == "bar state-Running");
    }
}
