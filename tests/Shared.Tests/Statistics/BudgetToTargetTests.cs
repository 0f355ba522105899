using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class BudgetToTargetTests
{
    private static readonly double[] Scores = [0.60, 0.62, 0.65, 0.70, 0.71, 0.72, 0.80, 0.81, 0.85, 0.90];

    // θ = 0.80: six of ten scores are strictly below (0.80 itself reaches the target) → q = 0.6.
    // 0.6⁵ = 0.07776 > 0.05 ≥ 0.6⁶ = 0.046656 → n = 6; log 0.05 / log 0.6 = 5.86 → ⌈⌉ = 6.
    // With α = 0.5: 0.6 > 0.5 ≥ 0.36 → n = 2.
    [Theory]
    [InlineData(0.05, 6)]
    [InlineData(0.5, 2)]
    public void Estimate_WorkedExample_MatchesHandCount(double alpha, int trials)
    {
        var estimate = BudgetToTarget.Estimate(Scores, 0.80, alpha);

        Assert.Equal(new BudgetEstimate(trials, trials, 0.6, 4, 10, alpha), estimate);
    }

    [Fact]
    public void Estimate_NoScoreReachesTarget_IsUnreachable()
    {
        var estimate = BudgetToTarget.Estimate(Scores, 0.95);

        Assert.Null(estimate.Trials);
        Assert.Null(estimate.ClosedFormTrials);
        Assert.Equal(1.0, estimate.MissProbability);
        Assert.Equal(0, estimate.ScoresReachingTarget);
    }

    [Fact]
    public void Estimate_EveryScoreReachesTarget_NeedsOneTrial()
    {
        Assert.Equal(1, BudgetToTarget.Estimate(Scores, 0.60).Trials);
        Assert.Equal(1, BudgetToTarget.ClosedForm(0, 0.05));
    }

    // Losses 0.30, 0.25, 0.20, 0.40, target ≤ 0.25: 0.25 and 0.20 reach it → q = 0.5.
    // α = 0.25: 0.5² = 0.25 ≤ 0.25 exactly → n = 2.  α = 0.1: 0.5³ = 0.125 > 0.1 ≥ 0.0625 → n = 4.
    [Theory]
    [InlineData(0.25, 2)]
    [InlineData(0.1, 4)]
    public void Estimate_Minimize_CountsScoresAtOrBelowTarget(double alpha, int trials)
    {
        var estimate = BudgetToTarget.Estimate([0.30, 0.25, 0.20, 0.40], 0.25, alpha, maximize: false);

        Assert.Equal(new BudgetEstimate(trials, trials, 0.5, 2, 4, alpha), estimate);
    }

    [Fact]
    public void Estimate_ExactBoundaryThatRoundsUp_StillCountsAsReached()
    {
        // q = 0.1 and α = 0.001 = q³ exactly, although Math.Pow(0.1, 3) = 0.0010000000000000002.
        double[] scores = [0.5, .. Enumerable.Repeat(0.8, 9)];

        var estimate = BudgetToTarget.Estimate(scores, 0.8, 0.001);

        Assert.Equal(3, estimate.Trials);
        Assert.Equal(3, estimate.ClosedFormTrials);
    }

    [Fact]
    public void Estimate_RandomCases_TrialsIsTheSmallestSufficientN()
    {
        var rng = new Random(4);
        for (var trial = 0; trial < 200; trial++)
        {
            var scores = Enumerable.Range(0, rng.Next(1, 60)).Select(_ => rng.NextDouble()).ToArray();
            var alpha = 0.001 + (0.5 * rng.NextDouble());
            var estimate = BudgetToTarget.Estimate(scores, rng.NextDouble(), alpha);
            if (estimate.Trials is not { } n)
            {
                Assert.Equal(1.0, estimate.MissProbability);
                continue;
            }

            var q = estimate.MissProbability;
            Assert.True(Math.Pow(q, n) <= alpha);
            Assert.True(n == 1 || Math.Pow(q, n - 1) > alpha);
            Assert.Equal(n, estimate.ClosedFormTrials);
        }
    }

    [Fact]
    public void Estimate_InvalidAlpha_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetToTarget.Estimate(Scores, 0.8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetToTarget.Estimate(Scores, 0.8, 1));
    }
}
