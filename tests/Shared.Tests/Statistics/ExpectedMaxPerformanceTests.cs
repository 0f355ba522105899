using MathNet.Numerics;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class ExpectedMaxPerformanceTests
{
    private const double Tolerance = 1e-12;

    // Scores 0.5, 0.7, 0.7, 0.9 (N = 4, a tie at 0.7). Law of the max of n draws with replacement:
    //   P(max = 0.5) = (1/4)ⁿ,  P(max = 0.7) = (3/4)ⁿ − (1/4)ⁿ,  P(max = 0.9) = 1 − (3/4)ⁿ.
    // n = 1: mean 2.8/4 = 0.7;  E[max²] = (0.25 + 2·0.49 + 0.81)/4 = 0.51 → var 0.51 − 0.49 = 0.02.
    // n = 2: probabilities 1/16, 8/16, 7/16 → mean (0.5 + 5.6 + 6.3)/16 = 12.4/16 = 0.775;
    //        E[max²] = (0.25 + 3.92 + 5.67)/16 = 0.615 → var 0.615 − 0.600625 = 0.014375.
    // n = 3: probabilities 1/64, 26/64, 37/64 → mean (0.5 + 18.2 + 33.3)/64 = 52/64 = 0.8125;
    //        E[max²] = (0.25 + 12.74 + 29.97)/64 = 0.67125 → var 0.67125 − 0.66015625 = 0.01109375.
    [Theory]
    [InlineData(1, 0.7, 0.02)]
    [InlineData(2, 0.775, 0.014375)]
    [InlineData(3, 0.8125, 0.01109375)]
    public void WithReplacement_HandWorkedTies_MatchesHandValues(int n, double mean, double variance)
    {
        var estimate = ExpectedMaxPerformance.WithReplacement([0.7, 0.9, 0.5, 0.7], n);

        Assert.Equal(mean, estimate.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(variance), estimate.Std, Tolerance);
    }

    [Fact]
    public void WithReplacement_RandomSmallInputs_EqualsEnumerationOfAllTuples()
    {
        var rng = new Random(20190901);
        for (var trial = 0; trial < 40; trial++)
        {
            for (var count = 1; count <= 5; count++)
            {
                var values = RandomScores(rng, count);
                for (var n = 1; n <= 4; n++)
                {
                    var (mean, std) = BruteForceMax.OverTuples(values, n);
                    var estimate = ExpectedMaxPerformance.WithReplacement(values, n);
                    Assert.Equal(mean, estimate.Mean, Tolerance);
                    Assert.Equal(std, estimate.Std, Tolerance);
                }
            }
        }
    }

    [Fact]
    public void WithReplacement_HeavyTies_EqualsExactDistributionOfTheMax()
    {
        var rng = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            // At most three distinct values among up to 12 scores: nearly every score is tied.
            var values = Enumerable.Range(0, rng.Next(1, 13)).Select(_ => rng.Next(0, 3) * 0.25).ToArray();
            for (var n = 1; n <= 20; n++)
            {
                Assert.Equal(BruteForceMax.FromMaxDistribution(values, n), ExpectedMaxPerformance.WithReplacement(values, n).Mean, Tolerance);
            }
        }
    }

    [Fact]
    public void WithReplacement_VeryLargeN_ApproachesTheMaximum()
    {
        // 1 − (2/3)^200 of the mass sits on the max 0.9; the rest is below 1e-35.
        var estimate = ExpectedMaxPerformance.WithReplacement([0.1, 0.5, 0.9], 200);

        Assert.Equal(0.9, estimate.Mean, Tolerance);
        Assert.Equal(0.0, estimate.Std, Tolerance);
    }

    // Subsets of {0.5, 0.7, 0.7, 0.9}: size 2 → maxima 0.7 ×3, 0.9 ×3: mean 0.8, E[max²] = 0.65, var 0.01.
    // Size 3 → maxima 0.7 ×1, 0.9 ×3: mean 3.4/4 = 0.85, E[max²] = (0.49 + 2.43)/4 = 0.73, var 0.0075.
    [Theory]
    [InlineData(2, 0.8, 0.01)]
    [InlineData(3, 0.85, 0.0075)]
    public void Unbiased_HandWorkedTies_MatchesHandValues(int n, double mean, double variance)
    {
        var estimate = ExpectedMaxPerformance.Unbiased([0.9, 0.7, 0.5, 0.7], n);

        Assert.Equal(mean, estimate.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(variance), estimate.Std, Tolerance);
    }

    [Fact]
    public void Unbiased_RandomInputs_EqualsAverageOverAllSubsets()
    {
        var rng = new Random(2020);
        for (var trial = 0; trial < 10; trial++)
        {
            for (var count = 1; count <= 10; count++)
            {
                var values = RandomScores(rng, count);
                for (var n = 1; n <= count; n++)
                {
                    var (mean, std) = BruteForceMax.OverSubsets(values, n);
                    var estimate = ExpectedMaxPerformance.Unbiased(values, n);
                    Assert.Equal(mean, estimate.Mean, Tolerance);
                    Assert.Equal(std, estimate.Std, Tolerance);
                }
            }
        }
    }

    [Fact]
    public void Unbiased_NEqualsCount_IsTheMaximumWithZeroStd()
    {
        var estimate = ExpectedMaxPerformance.Unbiased([0.61, 0.83, 0.72, 0.55, 0.8], 5);

        Assert.Equal(0.83, estimate.Mean);
        Assert.Equal(0.0, estimate.Std);
    }

    [Fact]
    public void BothEstimators_NEqualsOne_AreTheMeanAndPopulationStd()
    {
        double[] values = [0.61, 0.83, 0.72, 0.55, 0.8];
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);

        var withReplacement = ExpectedMaxPerformance.WithReplacement(values, 1);
        var unbiased = ExpectedMaxPerformance.Unbiased(values, 1);

        Assert.Equal(mean, withReplacement.Mean, Tolerance);
        Assert.Equal(mean, unbiased.Mean, Tolerance);
        Assert.Equal(std, withReplacement.Std, Tolerance);
        Assert.Equal(std, unbiased.Std, Tolerance);
    }

    // With replacement, n draws hold k ≤ n distinct scores, which form a uniform k-subset; the subset
    // mean maximum grows with k, so E_with ≤ E_unbiased, strictly for n ≥ 2 when scores are distinct.
    [Fact]
    public void WithReplacement_NAtLeastTwo_IsBelowUnbiasedForDistinctScores()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 30; trial++)
        {
            var values = Enumerable.Range(0, rng.Next(2, 40)).Select(_ => rng.NextDouble()).ToArray();
            for (var n = 2; n <= values.Length; n++)
            {
                Assert.True(ExpectedMaxPerformance.WithReplacement(values, n).Mean < ExpectedMaxPerformance.Unbiased(values, n).Mean);
            }
        }
    }

    [Fact]
    public void Unbiased_LargeCount_WeightsMatchLogSpaceBinomials()
    {
        const int count = 2000;
        foreach (var n in new[] { 1, 2, 10, 500, 1000, 1999, 2000 })
        {
            var weights = new double[count];
            ExpectedMaxPerformance.UnbiasedWeights(n, weights);
            var logTotal = SpecialFunctions.BinomialLn(count, n);
            for (var j = n; j <= count; j++)
            {
                var expected = Math.Exp(SpecialFunctions.BinomialLn(j - 1, n - 1) - logTotal);
                if (expected > 1e-290)
                {
                    Assert.Equal(expected, weights[j - 1], expected * 1e-9);
                }
            }

            Assert.All(weights.Take(n - 1), w => Assert.Equal(0.0, w));
            Assert.Equal(1.0, weights.Sum(), 1e-12);
        }
    }

    [Fact]
    public void Unbiased_LargeCount_IsFiniteAndBetweenMeanAndMax()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble()).ToArray();
        for (var n = 1; n <= 2000; n += 111)
        {
            var estimate = ExpectedMaxPerformance.Unbiased(values, n);
            Assert.InRange(estimate.Mean, values.Average() - Tolerance, values.Max());
            Assert.True(double.IsFinite(estimate.Std));
        }
    }

    // Losses 0.3, 0.1, 0.2, best of 2 = min: P(min = 0.1) = 1 − (2/3)² = 5/9, P(0.2) = (2/3)² − (1/3)² = 3/9,
    // P(0.3) = 1/9 → E[min] = (0.5 + 0.6 + 0.3)/9 = 1.4/9.
    [Fact]
    public void WithReplacement_Minimize_IsTheExpectedMinimum()
    {
        var estimate = ExpectedMaxPerformance.WithReplacement([0.3, 0.1, 0.2], 2, maximize: false);

        Assert.Equal(1.4 / 9, estimate.Mean, Tolerance);
        Assert.Equal(BruteForceMax.OverTuples([-0.3, -0.1, -0.2], 2).Std, estimate.Std, Tolerance);
    }

    [Fact]
    public void Unbiased_Minimize_IsTheSubsetAverageOfTheMinimum()
    {
        // Pairs of {0.3, 0.1, 0.2}: minima 0.1, 0.1, 0.2 → 0.4/3.
        Assert.Equal(0.4 / 3, ExpectedMaxPerformance.Unbiased([0.3, 0.1, 0.2], 2, maximize: false).Mean, Tolerance);
    }

    [Theory]
    [InlineData(EmpEstimator.WithReplacement)]
    [InlineData(EmpEstimator.Unbiased)]
    public void Curve_NoBootstrap_PointsEqualSingleEstimatesAndComputeIsNTimesMeanCost(EmpEstimator estimator)
    {
        double[] values = [0.61, 0.83, 0.72, 0.55, 0.8, 0.72];
        var options = new EmpOptions { Estimator = estimator, Maximize = false, TrialCosts = [100, 300, 200] };

        var curve = ExpectedMaxPerformance.Curve(values, options);

        Assert.Equal([1, 2, 3, 4, 5, 6], curve.Points.Select(p => p.N));
        foreach (var point in curve.Points)
        {
            var single = estimator == EmpEstimator.WithReplacement
                ? ExpectedMaxPerformance.WithReplacement(values, point.N, maximize: false)
                : ExpectedMaxPerformance.Unbiased(values, point.N, maximize: false);
            Assert.Equal(single.Mean, point.Mean, Tolerance);
            Assert.Equal(single.Std, point.Std, Tolerance);
            Assert.Equal(point.N * 200.0, point.Compute);
            Assert.Null(point.BandLow);
            Assert.Null(point.BandHigh);
        }
    }

    [Fact]
    public void Curve_WithReplacementBeyondCount_ExtendsToMaxTrials()
    {
        var curve = ExpectedMaxPerformance.Curve([0.5, 0.7, 0.7, 0.9], new EmpOptions { MaxTrials = 3 });

        Assert.Equal([0.7, 0.775, 0.8125], curve.Points.Select(p => Math.Round(p.Mean, 12)));
        Assert.All(curve.Points, p => Assert.Null(p.Compute));
        Assert.Equal(9, ExpectedMaxPerformance.Curve([0.5, 0.7], new EmpOptions { MaxTrials = 9 }).Points.Count);
    }

    [Fact]
    public void Curve_UnbiasedBeyondCount_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ExpectedMaxPerformance.Curve([0.5, 0.7], new EmpOptions { Estimator = EmpEstimator.Unbiased, MaxTrials = 3 }));

        Assert.Contains("n ≤ N = 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimators_InvalidInput_Throw()
    {
        Assert.Throws<ArgumentException>(() => ExpectedMaxPerformance.WithReplacement([], 1));
        Assert.Throws<ArgumentException>(() => ExpectedMaxPerformance.WithReplacement([0.5, double.NaN], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedMaxPerformance.WithReplacement([0.5], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedMaxPerformance.Unbiased([0.5, 0.6], 3));
    }

    /// <summary>Half the scores come from a 5-point grid so ties are common.</summary>
    private static double[] RandomScores(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => rng.Next(2) == 0 ? rng.Next(5) * 0.2 : rng.NextDouble()).ToArray();
}
