using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    private static readonly double[] X = [1, 2, 3, 4, 5];
    private static readonly double[] Y = [2, 4, 5, 4, 5];

    [Fact]
    public void Pearson_HandExample()
    {
        // dx = (−2, −1, 0, 1, 2), dy = (−2, 0, 1, 0, 1): Σdxdy = 6, Σdx² = 10, Σdy² = 6 → 6/sqrt(60)
        Assert.Equal(0.7745966692414834, RegressionMetrics.Pearson(X, Y), 1e-15);
    }

    [Fact]
    public void Spearman_WithTies_UsesAverageRanks()
    {
        // ranks(Y) = (1, 2.5, 4.5, 2.5, 4.5); vs ranks(X) = 1..5: Σdxdy = 7, Σdx² = 10, Σdy² = 9 → 7/sqrt(90)
        Assert.Equal(0.7378647873726218, RegressionMetrics.Spearman(X, Y), 1e-15);
    }

    [Fact]
    public void Spearman_MonotoneNonLinear_IsOne()
    {
        Assert.Equal(1.0, RegressionMetrics.Spearman([1, 2, 3, 4], [1, 8, 27, 1000]), 1e-15);
    }

    [Fact]
    public void AverageRanks_Ties_Averaged()
    {
        Assert.Equal([2.0, 3.5, 3.5, 1.0], RegressionMetrics.AverageRanks([10, 20, 20, 5]));
        Assert.Equal([2.0, 2.0, 2.0], RegressionMetrics.AverageRanks([7, 7, 7]));
    }

    [Fact]
    public void Pearson_PerfectNegative_IsMinusOne()
    {
        Assert.Equal(-1.0, RegressionMetrics.Pearson([1, 2, 3], [6, 4, 2]), 1e-15);
    }

    [Fact]
    public void Pearson_ConstantInput_IsNaNLikeScipy()
    {
        Assert.True(double.IsNaN(RegressionMetrics.Pearson([1, 2, 3], [4, 4, 4])));
        Assert.True(double.IsNaN(RegressionMetrics.Spearman([4, 4, 4], [1, 2, 3])));
    }

    [Fact]
    public void Pearson_TooShortOrNonFinite_Throws()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Pearson([1], [1]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Pearson([1, double.NaN], [1, 2]));
    }
}
