using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Tests.Metrics;

public sealed class MajorityBaselineTests
{
    [Fact]
    public void Score_MajorityPositive_HandValues()
    {
        int[] labels = [0, 1, 1, 1, 0, 1, 1]; // five 1s, two 0s
        var baseline = MajorityBaseline.FromLabels(labels);

        Assert.Equal(1, baseline.MajorityLabel);
        Assert.Equal(5.0 / 7.0, baseline.Score(MetricKind.Accuracy));
        Assert.Equal(10.0 / 12.0, baseline.Score(MetricKind.F1), 1e-15); // tp = 5, fp = 2: 10 / (10 + 2)
        Assert.Equal(0.0, baseline.Score(MetricKind.Mcc));
    }

    [Fact]
    public void Score_AgreesWithMetricsOfConstantPredictor()
    {
        int[] labels = [1, 0, 0, 1, 0, 0, 0, 1, 0];
        var baseline = MajorityBaseline.FromLabels(labels);
        var constant = Enumerable.Repeat(baseline.MajorityLabel, labels.Length).ToArray();

        Assert.Equal(0, baseline.MajorityLabel);
        foreach (var kind in new[] { MetricKind.Accuracy, MetricKind.F1, MetricKind.Mcc })
        {
            Assert.Equal(Metric.Compute(kind, labels, constant), baseline.Score(kind), 1e-15);
        }

        Assert.Equal(0.0, baseline.Score(MetricKind.F1)); // predicting only negatives finds no positive
    }

    [Fact]
    public void FromLabels_Tie_PicksSmallestLabel()
    {
        Assert.Equal(0, MajorityBaseline.FromLabels([1, 0, 1, 0]).MajorityLabel);
        Assert.Equal(1, MajorityBaseline.FromLabels([2, 1, 2, 1, 0]).MajorityLabel);
    }

    [Fact]
    public void Score_Regression_Throws()
    {
        var baseline = MajorityBaseline.FromLabels([0, 1]);

        Assert.Throws<ArgumentException>(() => baseline.Score(MetricKind.Pearson));
    }
}
