using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class ExpectedMaxPerformanceBootstrapTests
{
    [Fact]
    public void Percentile_FourValues_InterpolatesBetweenOrderStatistics()
    {
        double[] sorted = [10, 20, 30, 40];

        // h = (4 − 1)·p/100: p = 50 → h = 1.5 → 25; p = 2.5 → h = 0.075 → 10.75; p = 97.5 → h = 2.925 → 39.25.
        Assert.Equal(25, ExpectedMaxPerformance.Percentile(sorted, 50), 1e-12);
        Assert.Equal(10.75, ExpectedMaxPerformance.Percentile(sorted, 2.5), 1e-12);
        Assert.Equal(39.25, ExpectedMaxPerformance.Percentile(sorted, 97.5), 1e-12);
    }

    [Theory]
    [InlineData(EmpEstimator.WithReplacement)]
    [InlineData(EmpEstimator.Unbiased)]
    public void Curve_Bootstrap_EqualsNaiveResamplingWithTheSameStream(EmpEstimator estimator)
    {
        var scores = Population(12, seed: 5);
        var bootstrap = new EmpBootstrapOptions(200, Seed: 77, LowerPercentile: 5, UpperPercentile: 90);
        var curve = ExpectedMaxPerformance.Curve(scores, new EmpOptions { Estimator = estimator, Bootstrap = bootstrap });

        // Reference: draw the same indices into the sorted scores, score each resample with the public
        // single-n estimators, and take type-7 percentiles by hand.
        var sorted = scores.Order().ToArray();
        var rng = new SplitMix64(77);
        var perN = Enumerable.Range(0, 12).Select(_ => new List<double>()).ToArray();
        for (var b = 0; b < 200; b++)
        {
            var resample = Enumerable.Range(0, 12).Select(_ => sorted[rng.NextInt(12)]).ToArray();
            for (var n = 1; n <= 12; n++)
            {
                perN[n - 1].Add(estimator == EmpEstimator.WithReplacement
                    ? ExpectedMaxPerformance.WithReplacement(resample, n).Mean
                    : ExpectedMaxPerformance.Unbiased(resample, n).Mean);
            }
        }

        for (var n = 1; n <= 12; n++)
        {
            var values = perN[n - 1].Order().ToArray();
            Assert.Equal(TypeSeven(values, 0.05), curve.Points[n - 1].BandLow!.Value, 1e-12);
            Assert.Equal(TypeSeven(values, 0.90), curve.Points[n - 1].BandHigh!.Value, 1e-12);
        }
    }

    [Fact]
    public void Curve_SameSeed_IsIdenticalAndOtherSeedDiffers()
    {
        var scores = Population(30, seed: 1);
        EmpCurve Run(ulong seed) => ExpectedMaxPerformance.Curve(scores, new EmpOptions { Bootstrap = new EmpBootstrapOptions(300, seed) });

        var first = Run(123);
        var again = Run(123);
        var other = Run(124);

        Assert.Equal(first.Points, again.Points);
        Assert.NotEqual(first.Points.Select(p => p.BandLow), other.Points.Select(p => p.BandLow));
    }

    [Theory]
    [InlineData(EmpEstimator.WithReplacement)]
    [InlineData(EmpEstimator.Unbiased)]
    public void Curve_ReasonableSample_BandContainsThePointEstimate(EmpEstimator estimator)
    {
        var scores = Population(50, seed: 2);

        var curve = ExpectedMaxPerformance.Curve(
            scores, new EmpOptions { Estimator = estimator, Bootstrap = new EmpBootstrapOptions(500, 9) });

        Assert.All(curve.Points, p => Assert.InRange(p.Mean, p.BandLow!.Value, p.BandHigh!.Value));
        Assert.All(curve.Points, p => Assert.True(p.BandLow < p.BandHigh));
    }

    [Fact]
    public void Curve_MoreScoresFromTheSamePopulation_BandShrinks()
    {
        var population = Population(640, seed: 3);
        double Width(int count, int n)
        {
            var curve = ExpectedMaxPerformance.Curve(
                population.Take(count).ToArray(), new EmpOptions { MaxTrials = 10, Bootstrap = new EmpBootstrapOptions(400, 4) });
            return curve.Points[n - 1].BandHigh!.Value - curve.Points[n - 1].BandLow!.Value;
        }

        // The band width scales roughly as 1/√N: 16× the scores, about a quarter of the width.
        foreach (var n in new[] { 1, 5, 10 })
        {
            Assert.True(Width(640, n) < Width(40, n) / 2, $"n = {n}");
        }
    }

    [Fact]
    public void Curve_Minimize_IsTheNegatedMaximizeCurveOfNegatedScores()
    {
        var losses = Population(25, seed: 6);
        var bootstrap = new EmpBootstrapOptions(100, 8);

        var minimized = ExpectedMaxPerformance.Curve(losses, new EmpOptions { Maximize = false, Bootstrap = bootstrap });
        var mirrored = ExpectedMaxPerformance.Curve(losses.Select(x => -x).ToArray(), new EmpOptions { Bootstrap = bootstrap });

        for (var i = 0; i < minimized.Points.Count; i++)
        {
            Assert.Equal(-mirrored.Points[i].Mean, minimized.Points[i].Mean);
            Assert.Equal(mirrored.Points[i].Std, minimized.Points[i].Std);
            Assert.Equal(-mirrored.Points[i].BandHigh, minimized.Points[i].BandLow);
            Assert.Equal(-mirrored.Points[i].BandLow, minimized.Points[i].BandHigh);
        }

        // Lower is better: the expected best loss falls with n.
        Assert.True(minimized.Points[^1].Mean < minimized.Points[0].Mean);
    }

    [Fact]
    public void Curve_InvalidBootstrap_Throws()
    {
        double[] scores = [0.1, 0.2, 0.3];

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ExpectedMaxPerformance.Curve(scores, new EmpOptions { Bootstrap = new EmpBootstrapOptions(1, 0) }));
        Assert.Throws<ArgumentException>(() =>
            ExpectedMaxPerformance.Curve(scores, new EmpOptions { Bootstrap = new EmpBootstrapOptions(10, 0, 60, 40) }));
    }

    /// <summary>Accuracy-like scores: a seeded mixture of a good mode and a few diverged runs.</summary>
    private static double[] Population(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => rng.NextDouble() < 0.1 ? 0.5 : 0.8 + (0.05 * (rng.NextDouble() + rng.NextDouble() - 1)))
            .ToArray();
    }

    private static double TypeSeven(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)h;
        return lo + 1 < sorted.Length ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[lo];
    }
}
