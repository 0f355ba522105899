using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class VarianceDecompositionTests
{
    // WI seeds are rows, DO seeds columns:      DO 1  DO 2  DO 3
    //                                   WI 1:     3     5     7
    //                                   WI 2:     4     8     9
    //                                   WI 3:     8    11    17
    internal static readonly SeedScore[] Grid3X3 =
    [
        new(1, 1, 3), new(1, 2, 5), new(1, 3, 7),
        new(2, 1, 4), new(2, 2, 8), new(2, 3, 9),
        new(3, 1, 8), new(3, 2, 11), new(3, 3, 17),
    ];

    // Due to DO (across each row): row 1 dev −2, 0, 2 → var 8/2 = 4 → 2; row 2 mean 7, dev −3, 1, 2 → var 14/2 = 7;
    // row 3 mean 12, dev −4, −1, 5 → var 42/2 = 21. Due to WI (down each column): column 1 mean 5, dev −2, −1, 3
    // → var 7; column 2 mean 8, dev −3, 0, 3 → var 9; column 3 mean 11, dev −4, −2, 6 → var 56/2 = 28.
    [Fact]
    public void ExpectedStd_FullGrid_AveragesPerGroupSampleStds()
    {
        var result = VarianceDecomposition.ExpectedStd(Grid3X3);

        Assert.Equal((2 + Math.Sqrt(7) + Math.Sqrt(21)) / 3, result.DueToOrder.ExpectedStd!.Value, 1e-12);
        Assert.Equal((Math.Sqrt(7) + 3 + Math.Sqrt(28)) / 3, result.DueToInit.ExpectedStd!.Value, 1e-12);
        Assert.Equal(new FactorSpread(result.DueToOrder.ExpectedStd, 3, 0, 9), result.DueToOrder);
        Assert.Equal(new FactorSpread(result.DueToInit.ExpectedStd, 3, 0, 9), result.DueToInit);
    }

    // WI 1: DO 1 = 3, DO 2 = 5, DO 3 = 7.  WI 2: DO 1 = mean(4, 6) = 5, DO 2 = 8.  WI 3: DO 3 = 17 only.
    // Due to DO: WI 1 → 2; WI 2 → values 5, 8 → var 4.5; WI 3 has one cell → skipped.
    // Due to WI: DO 1 → 3, 5 → var 2; DO 2 → 5, 8 → var 4.5; DO 3 → 7, 17 → var 50.
    [Fact]
    public void ExpectedStd_MissingCellsAndRepeats_SkipsSingletonsAndAveragesRepeats()
    {
        SeedScore[] scores =
        [
            new(1, 1, 3), new(1, 2, 5), new(1, 3, 7),
            new(2, 1, 4), new(2, 1, 6), new(2, 2, 8),
            new(3, 3, 17),
        ];

        var result = VarianceDecomposition.ExpectedStd(scores);

        Assert.Equal((2 + Math.Sqrt(4.5)) / 2, result.DueToOrder.ExpectedStd!.Value, 1e-12);
        Assert.Equal((2, 1, 5), (result.DueToOrder.GroupsUsed, result.DueToOrder.GroupsSkipped, result.DueToOrder.CellsUsed));
        Assert.Equal((Math.Sqrt(2) + Math.Sqrt(4.5) + Math.Sqrt(50)) / 3, result.DueToInit.ExpectedStd!.Value, 1e-12);
        Assert.Equal((3, 0, 6), (result.DueToInit.GroupsUsed, result.DueToInit.GroupsSkipped, result.DueToInit.CellsUsed));
    }

    [Fact]
    public void ExpectedStd_SingleOrderSeed_HasNoOrderSpread()
    {
        var result = VarianceDecomposition.ExpectedStd([new(1, 1, 0.5), new(2, 1, 0.7)]);

        Assert.Equal(new FactorSpread(null, 0, 2, 0), result.DueToOrder);
        Assert.Equal(Math.Sqrt(0.02), result.DueToInit.ExpectedStd!.Value, 1e-12);
    }

    [Fact]
    public void ExpectedStd_NonFiniteScore_Throws()
    {
        Assert.Throws<ArgumentException>(() => VarianceDecomposition.ExpectedStd([new(1, 1, double.NaN)]));
    }
}
