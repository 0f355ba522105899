using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class ExpectedMaxPerformanceReachTests
{
    // Scores 0.5, 0.7, 0.7, 0.9 (the hand-worked set of ExpectedMaxPerformanceTests):
    // with replacement E[max of n] = 0.7, 0.775, 0.8125 for n = 1, 2, 3;
    // unbiased (subsets of 4): n = 1: 0.7; n = 2: pairs {.5,.7}×2 → .7, {.5,.9} → .9, {.7,.7} → .7, {.7,.9}×2 → .9:
    // (0.7·3 + 0.9·3)/6 = 0.8; n = 3: subsets without .9 → .7 (1 of 4), others .9: 0.85; n = 4: 0.9.
    [Theory]
    [InlineData(0.7, EmpEstimator.WithReplacement, 1)]
    [InlineData(0.775, EmpEstimator.WithReplacement, 2)]
    [InlineData(0.78, EmpEstimator.WithReplacement, 3)]
    [InlineData(0.78, EmpEstimator.Unbiased, 2)]
    [InlineData(0.85, EmpEstimator.Unbiased, 3)]
    [InlineData(0.9, EmpEstimator.Unbiased, 4)]
    public void TrialsToReach_HandWorked_FindsSmallestN(double target, EmpEstimator estimator, int expected)
    {
        double[] scores = [0.7, 0.9, 0.5, 0.7];

        Assert.Equal(expected, ExpectedMaxPerformance.TrialsToReach(scores, target, estimator, maxTrials: 4));
    }

    [Fact]
    public void TrialsToReach_AboveTheObservedBest_IsNull()
    {
        double[] scores = [0.7, 0.9, 0.5, 0.7];

        Assert.Null(ExpectedMaxPerformance.TrialsToReach(scores, 0.91, EmpEstimator.Unbiased));
        // With replacement the curve only approaches 0.9: 0.9 − 0.2·(3/4)ⁿ − 0.2·(1/4)ⁿ, still 1e-7 short at n = 50.
        Assert.Null(ExpectedMaxPerformance.TrialsToReach(scores, 0.9, EmpEstimator.WithReplacement, maxTrials: 50));
    }

    [Fact]
    public void TrialsToReach_Minimized_LooksForTheExpectedMinimum()
    {
        // Expected minimum of n subsets of {0.5, 0.7, 0.7, 0.9}: n = 1: 0.7; n = 2: (0.5·3 + 0.7·3)/6 = 0.6.
        double[] scores = [0.7, 0.9, 0.5, 0.7];

        Assert.Equal(2, ExpectedMaxPerformance.TrialsToReach(scores, 0.6, EmpEstimator.Unbiased, maximize: false));
        Assert.Equal(1, ExpectedMaxPerformance.TrialsToReach(scores, 0.75, EmpEstimator.Unbiased, maximize: false));
    }

    [Fact]
    public void AtFullRuns_Fractional_InterpolatesBetweenNeighbours()
    {
        double[] scores = [0.7, 0.9, 0.5, 0.7];

        // Unbiased: 0.8 at n = 2, 0.85 at n = 3 → 2.4 runs: 0.8 + 0.4·0.05 = 0.82.
        Assert.Equal(0.82, ExpectedMaxPerformance.AtFullRuns(scores, 2.4, EmpEstimator.Unbiased), 1e-12);
        Assert.Equal(0.775, ExpectedMaxPerformance.AtFullRuns(scores, 2, EmpEstimator.WithReplacement), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedMaxPerformance.AtFullRuns(scores, 0.5, EmpEstimator.Unbiased));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedMaxPerformance.AtFullRuns(scores, 4.5, EmpEstimator.Unbiased));
    }
}
