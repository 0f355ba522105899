using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Tests.Optim;

public sealed class LinearWarmupScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)] // HF: the first optimizer update uses multiplier(0) = 0
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)] // peak at the end of warm-up
    [InlineData(3, 0.875)] // (10 − 3) / (10 − 2)
    [InlineData(9, 0.125)] // the last update of a 10-update run still moves the weights
    [InlineData(10, 0.0)]
    [InlineData(12, 0.0)] // clamped, never negative
    public void Multiplier_WarmupTwoTotalTen_MatchesHuggingFace(int step, double expected)
    {
        var schedule = new LinearWarmupSchedule(1.0, warmupSteps: 2, totalSteps: 10);

        Assert.Equal(expected, schedule.Multiplier(step));
    }

    [Fact]
    public void LearningRateAt_ScalesPeak()
    {
        var schedule = new LinearWarmupSchedule(2e-5, warmupSteps: 4, totalSteps: 20);

        Assert.Equal(2e-5 * 0.75, schedule.LearningRateAt(3));
        Assert.Equal(2e-5 * (12.0 / 16.0), schedule.LearningRateAt(8));
    }

    [Fact]
    public void Multiplier_NoWarmup_FirstUpdateUsesPeak()
    {
        var schedule = new LinearWarmupSchedule(1.0, warmupSteps: 0, totalSteps: 4);

        Assert.Equal([1.0, 0.75, 0.5, 0.25, 0.0], Enumerable.Range(0, 5).Select(schedule.Multiplier));
    }

    [Fact]
    public void Multiplier_WarmupEqualsTotal_DecayDenominatorIsOne()
    {
        // HF divides by max(1, total − warmup): at step = total the multiplier drops straight from 3/4 to 0.
        var schedule = new LinearWarmupSchedule(1.0, warmupSteps: 4, totalSteps: 4);

        Assert.Equal([0.0, 0.25, 0.5, 0.75, 0.0, 0.0], Enumerable.Range(0, 6).Select(schedule.Multiplier));
    }

    [Fact]
    public void Constructor_NegativeArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(-1.0, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(1.0, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(1.0, 1, -2));
    }
}
