using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class StartManyStopEarlyTests
{
    [Fact]
    public void Cost_WorkedExample_IsTfPlusPOneMinusF()
    {
        // 30 trials to 20 %, 5 to the end: 30·0.2 + 5·0.8 = 6 + 4 = 10 full runs; × 1,000 steps.
        Assert.Equal(10, StartManyStopEarly.CostInFullRuns(30, 0.2, 5), 1e-12);
        Assert.Equal(10_000, StartManyStopEarly.CostInSteps(30, 0.2, 5, 1_000), 1e-9);
        Assert.Equal(4, StartManyStopEarly.CostInFullRuns(4, 1, 4), 1e-12);
    }

    // x = 10: p = 5.  t = 30 → f = 5/25 = 0.2;  t = 25 → f = 5/20 = 0.25 (25·0.25 + 5·0.75 = 10).
    // x = 5: p = round(2.5) = 3 (half away from zero), t = 12 → f = 2/9 (12·2/9 + 3·7/9 = 45/9 = 5).
    [Theory]
    [InlineData(10, 30, 5, 0.2)]
    [InlineData(10, 25, 5, 0.25)]
    [InlineData(5, 12, 3, 2.0 / 9)]
    public void Plan_FractionInRange_SpendsTheWholeBudget(double budget, int t, int p, double f)
    {
        var plan = StartManyStopEarly.Plan(budget, t);

        Assert.Equal((t, p, true, (string?)null), (plan.TrialsToStart, plan.TrialsToContinue, plan.Feasible, plan.Note));
        Assert.Equal(f, plan.Fraction, 1e-12);
        Assert.Equal(budget, plan.CostFullRuns, 1e-12);
        Assert.Equal(budget, StartManyStopEarly.CostInFullRuns(t, plan.Fraction, p), 1e-12);
    }

    [Fact]
    public void Plan_BudgetAllowsMoreThanThirtyPercent_CapsFAndSuggestsMoreTrials()
    {
        // x = 10, t = 20, p = 5: f* = 5/15 = 1/3 > 0.3 → f = 0.3, cost 20·0.3 + 5·0.7 = 9.5.
        // Spending the budget at f ≤ 0.3 needs t ≥ 5 + 5/0.3 = 21.67 → 22.
        var plan = StartManyStopEarly.Plan(10, 20);

        Assert.Equal((20, 0.3, 5, 9.5, true), (plan.TrialsToStart, plan.Fraction, plan.TrialsToContinue, Math.Round(plan.CostFullRuns, 12), plan.Feasible));
        Assert.Contains("start at least 22 trials", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BudgetBelowTwentyPercent_KeepsExactFAndSaysSo()
    {
        // x = 10, t = 50, p = 5: f = 5/45 = 1/9 < 0.2; t ≤ 5 + 5/0.2 = 30 would allow f ≥ 0.2.
        var plan = StartManyStopEarly.Plan(10, 50);

        Assert.Equal(1.0 / 9, plan.Fraction, 1e-12);
        Assert.Equal(10, plan.CostFullRuns, 1e-12);
        Assert.True(plan.Feasible);
        Assert.Contains("does not allow f ≥ 0.2", plan.Note, StringComparison.Ordinal);
        Assert.Contains("start at most 30 trials", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BarelyAboveOneRun_SaysNoStartManyPlanReachesTwentyPercent()
    {
        // x = 1.1: p = round(0.55) = 1, f = 0.1/9; t ≤ 1 + 0.1/0.2 = 1.5 leaves no t > p.
        var plan = StartManyStopEarly.Plan(1.1, 10);

        Assert.Equal(1, plan.TrialsToContinue);
        Assert.Contains("no t > p = 1", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BudgetCoversAllTrials_TrainsEveryTrialFully()
    {
        var plan = StartManyStopEarly.Plan(12, 10);

        Assert.Equal((10, 1.0, 10, 10.0, true), (plan.TrialsToStart, plan.Fraction, plan.TrialsToContinue, plan.CostFullRuns, plan.Feasible));
        Assert.Contains("nothing to stop early", plan.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, 0, 0.05)]
    [InlineData(1, 1, 0)]
    public void Plan_TooSmallBudget_IsInfeasible(double budget, int p, double f)
    {
        var plan = StartManyStopEarly.Plan(budget, 10);

        Assert.False(plan.Feasible);
        Assert.Equal(p, plan.TrialsToContinue);
        Assert.Equal(f, plan.Fraction, 1e-12);
        Assert.NotNull(plan.Note);
    }

    [Fact]
    public void Plan_AnyBudget_NeverCostsMoreThanTheBudget()
    {
        for (var t = 1; t <= 60; t++)
        {
            for (var x = 0.25; x <= 70; x += 0.25)
            {
                var plan = StartManyStopEarly.Plan(x, t);
                Assert.True(plan.CostFullRuns <= x + 1e-9, $"x = {x}, t = {t}");
                Assert.InRange(plan.TrialsToContinue, 0, t);
                Assert.Equal(StartManyStopEarly.CostInFullRuns(t, plan.Fraction, plan.TrialsToContinue), plan.CostFullRuns, 1e-9);
            }
        }
    }

    [Fact]
    public void Plan_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StartManyStopEarly.Plan(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StartManyStopEarly.Plan(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StartManyStopEarly.CostInFullRuns(5, 0.2, 6));
    }
}
