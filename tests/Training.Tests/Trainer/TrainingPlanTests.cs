using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class TrainingPlanTests
{
    [Fact]
    public void Plan_ShortLastBatch_CountsItAsAStep()
    {
        var plan = new TrainingPlan(100, new FineTuningOptions { Epochs = 3, BatchSize = 32, WarmupFraction = 0.1 });

        Assert.Equal((4, 12), (plan.StepsPerEpoch, plan.TotalSteps));
        Assert.Equal(2, plan.WarmupSteps); // ceil(1.2)
        Assert.Equal((1, 0), plan.PositionAfter(4));
        Assert.Equal((2, 3), plan.PositionAfter(11));
    }

    [Fact]
    public void Plan_WarmupCeilingKeepsFloatRounding_AsHuggingFace()
    {
        // 100 · 0.07 = 7.000000000000001 in double, so ceil gives 8 (Python's math.ceil(100 * 0.07) agrees).
        var plan = new TrainingPlan(1000, new FineTuningOptions { Epochs = 1, BatchSize = 10, WarmupFraction = 0.07 });

        Assert.Equal(8, plan.WarmupSteps);
    }

    [Theory]
    [InlineData(10, 4, new[] { 3, 5, 8, 10 })]
    [InlineData(10, 10, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData(3, 10, new[] { 1, 2, 3 })]
    [InlineData(7, 1, new[] { 7 })]
    [InlineData(7, 3, new[] { 3, 5, 7 })]
    public void IsEvaluationStep_EqualSharesEndingTheEpoch(int stepsPerEpoch, int evaluations, int[] expected)
    {
        var plan = new TrainingPlan(stepsPerEpoch, new FineTuningOptions { Epochs = 2, BatchSize = 1, EvaluationsPerEpoch = evaluations });

        var steps = Enumerable.Range(1, plan.TotalSteps).Where(plan.IsEvaluationStep).ToList();

        Assert.Equal(expected.Concat(expected.Select(s => s + stepsPerEpoch)), steps);
    }

    [Theory]
    [InlineData(10, 3, new[] { 0, 4, 4, 3, 7, 3 })]
    [InlineData(2, 3, new[] { 0, 1, 1, 1 })]
    [InlineData(8, 1, new[] { 0, 8 })]
    public void MicroBatchesOf_SplitsEvenlyLargerFirst(int length, int parts, int[] expected)
    {
        var plan = new TrainingPlan(100, new FineTuningOptions { GradientAccumulation = parts });

        Assert.Equal(expected, plan.MicroBatchesOf(length).SelectMany(m => new[] { m.Start, m.Length }));
    }
}
