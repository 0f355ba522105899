using SweepCluster.Cli.Rendering.Plot;

namespace SweepCluster.Cli.Tests.Rendering.Plot;

public sealed class AxisTests
{
    [Theory]
    [InlineData(0.0, 1.0, 5, 0.2)]
    [InlineData(0.85, 0.9, 6, 0.01)]
    [InlineData(1.0, 114.0, 8, 20.0)]
    [InlineData(0.0, 10.0, 4, 2.5)]
    [InlineData(0.0, 3.0, 5, 1.0)]
    public void NiceStep_Spans_OneTwoTwoAndHalfOrFiveTimesAPowerOfTen(double min, double max, int target, double expected)
    {
        Assert.Equal(expected, Axis.NiceStep(min, max, target), 12);
    }

    [Fact]
    public void NiceBounds_WidenOutwardToMultiplesOfTheStep()
    {
        var (min, max) = Axis.NiceBounds(0.8367, 0.8894, 6);

        Assert.Equal((0.83, 0.89), (Math.Round(min, 12), Math.Round(max, 12)));
    }

    [Fact]
    public void MapAndTicks_LinearWithTicksInsideTheDomain()
    {
        var axis = new Axis(1, 9, 100, 500);

        Assert.Equal((100.0, 300.0, 500.0), (axis.Map(1), axis.Map(5), axis.Map(9)));
        Assert.Equal([2.0, 4, 6, 8], axis.Ticks(2));
    }

    [Fact]
    public void Axis_SingleValue_GetsAnIntervalAroundIt()
    {
        var axis = new Axis(0.5, 0.5, 0, 100);

        Assert.True(axis.Min < 0.5 && axis.Max > 0.5);
        Assert.Equal(50.0, axis.Map(0.5), 9);
    }

    [Theory]
    [InlineData(0.85, 0.01, "0.85")]
    [InlineData(0.8, 0.05, "0.80")]
    [InlineData(7.5, 2.5, "7.5")]
    [InlineData(40.0, 20.0, "40")]
    [InlineData(0.25, 0.25, "0.25")]
    public void Label_ShowsTheDecimalsTheStepNeeds(double value, double step, string expected)
    {
        Assert.Equal(expected, Axis.Label(value, step));
    }
}
