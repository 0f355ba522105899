using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Tests.Metrics;

public sealed class MetricTests
{
    [Theory]
    [InlineData("accuracy", MetricKind.Accuracy)]
    [InlineData("F1", MetricKind.F1)]
    [InlineData("mcc", MetricKind.Mcc)]
    [InlineData(" pearson ", MetricKind.Pearson)]
    [InlineData("spearman", MetricKind.Spearman)]
    public void Parse_KnownNames_RoundTrip(string name, MetricKind expected)
    {
        var kind = Metric.Parse(name);

        Assert.Equal(expected, kind);
        Assert.Equal(name.Trim().ToLowerInvariant(), Metric.Name(kind));
    }

    [Fact]
    public void Parse_Unknown_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metric.Parse("auc"));
        Assert.False(Metric.TryParse(null, out _));
    }

    [Fact]
    public void Compute_ByName_Dispatches()
    {
        Assert.Equal(0.5, Metric.Compute("accuracy", [1, 0], [1, 1]));
        Assert.Equal(1.0, Metric.Compute("mcc", [1, 0], [1, 0]));
        Assert.Equal(-1.0, Metric.Compute("spearman", [1.0, 2.0, 3.0], [3.0, 2.0, 1.0]), 1e-15);
    }

    [Fact]
    public void Compute_WrongInputKind_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metric.Compute("pearson", [1, 0], [1, 0]));
        Assert.Throws<ArgumentException>(() => Metric.Compute("f1", [1.0, 0.0], [1.0, 0.0]));
        Assert.True(Metric.IsClassification(MetricKind.Mcc));
        Assert.False(Metric.IsClassification(MetricKind.Spearman));
    }
}
