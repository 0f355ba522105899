using MathNet.Numerics.Distributions;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class VarianceDecompositionAnovaTests
{
    // Hand computation for VarianceDecompositionTests.Grid3X3 (a = b = 3, r = 1):
    //   grand total 72, grand mean 8; row means 5, 7, 12; column means 5, 8, 11.
    //   SS_WI = 3·((−3)² + (−1)² + 4²) = 3·26 = 78;  SS_DO = 3·((−3)² + 0² + 3²) = 54.
    //   SS_total = Σ(y − 8)² = (25 + 9 + 1) + (16 + 0 + 1) + (0 + 9 + 81) = 142.
    //   Residuals y − row − col + 8:  1 0 −1 / 0 1 −1 / −1 −1 2  → SS_res = 10 = 142 − 78 − 54.
    //   df 2, 2, 4, 8;  MS 39, 27, 2.5;  F_WI = 15.6, F_DO = 10.8.
    //   For F(2, ν) the upper tail is (1 + 2F/ν)^(−ν/2): p_WI = 8.8⁻² = 1/77.44, p_DO = 6.4⁻² = 1/40.96.
    [Fact]
    public void Anova_HandComputedGridWithoutReplication_MatchesHandValues()
    {
        var anova = VarianceDecomposition.Anova(VarianceDecompositionTests.Grid3X3);

        Assert.Equal((3, 3, 1), (anova.InitLevels, anova.OrderLevels, anova.Replicates));
        AssertRow(anova.Init, 78, 2, 39, 15.6, 1 / 77.44);
        AssertRow(anova.Order, 54, 2, 27, 10.8, 1 / 40.96);
        AssertRow(anova.Residual, 10, 4, 2.5, null, null);
        AssertRow(anova.Total, 142, 8, 142 / 8.0, null, null);
        Assert.Null(anova.Interaction);
        Assert.Equal(1 - new FisherSnedecor(2, 4).CumulativeDistribution(15.6), anova.Init.PValue!.Value, 1e-12);
    }

    // Non-square, so swapped a/b multipliers would show. WI 1: 2 4 6; WI 2: 4 8 12 (DO 1, 2, 3).
    //   grand mean 6; row means 4, 8 → SS_WI = 3·(4 + 4) = 24; column means 3, 6, 9 → SS_DO = 2·(9 + 0 + 9) = 36.
    //   SS_total = 16 + 4 + 0 + 4 + 4 + 36 = 64; residuals 1 0 −1 / −1 0 1 → SS_res = 4.
    //   df 1, 2, 2; MS 24, 18, 2; F 12 and 9.
    //   F(1, 2) = t₂², and P(|t₂| > t) = 1 − t/√(2 + t²) → p_WI = 1 − √(12/14); F(2, 2) tail = 1/(1 + F) → p_DO = 0.1.
    [Fact]
    public void Anova_TwoByThreeGrid_MatchesHandValues()
    {
        SeedScore[] scores = [new(1, 1, 2), new(1, 2, 4), new(1, 3, 6), new(2, 1, 4), new(2, 2, 8), new(2, 3, 12)];

        var anova = VarianceDecomposition.Anova(scores);

        Assert.Equal((2, 3, 1), (anova.InitLevels, anova.OrderLevels, anova.Replicates));
        AssertRow(anova.Init, 24, 1, 24, 12, 1 - Math.Sqrt(12.0 / 14));
        AssertRow(anova.Order, 36, 2, 18, 9, 0.1);
        AssertRow(anova.Residual, 4, 2, 2, null, null);
        AssertRow(anova.Total, 64, 5, 12.8, null, null);
    }

    // Montgomery, Design and Analysis of Experiments (Wiley), Example 5.1, the battery design experiment:
    // life (hours) of batteries of 3 plate materials at 15, 70, 125 °F, 4 replicates per cell.
    // Published ANOVA table: Material SS 10,683.72 (df 2, F 7.91); Temperature 39,118.72 (df 2,
    // F 28.97); Interaction 9,613.78 (df 4, F 3.56); Error 18,230.75 (df 27, MS 675.21); Total 77,646.97 (df 35).
    // Exact values from the data: 192307/18, 704137/18, 86524/9, 72923/4, 2795291/36.
    internal static readonly int[][][] Battery =
    [
        [[130, 155, 74, 180], [34, 40, 80, 75], [20, 70, 82, 58]],
        [[150, 188, 159, 126], [136, 122, 106, 115], [25, 70, 58, 45]],
        [[138, 110, 168, 160], [174, 120, 150, 139], [96, 104, 82, 60]],
    ];

    [Fact]
    public void Anova_MontgomeryBatteryWithReplication_MatchesPublishedTable()
    {
        var anova = VarianceDecomposition.Anova(BatteryScores());

        Assert.Equal((3, 3, 4), (anova.InitLevels, anova.OrderLevels, anova.Replicates));
        Assert.Equal(192307 / 18.0, anova.Init.SumOfSquares, 1e-8);
        Assert.Equal(704137 / 18.0, anova.Order.SumOfSquares, 1e-8);
        Assert.Equal(86524 / 9.0, anova.Interaction!.SumOfSquares, 1e-8);
        Assert.Equal(72923 / 4.0, anova.Residual.SumOfSquares, 1e-8);
        Assert.Equal(2795291 / 36.0, anova.Total.SumOfSquares, 1e-8);
        Assert.Equal([2, 2, 4, 27, 35], new[] { anova.Init, anova.Order, anova.Interaction, anova.Residual, anova.Total }.Select(r => r.DegreesOfFreedom));
        Assert.Equal(675.21, anova.Residual.MeanSquare, 0.005);
        Assert.Equal(7.91, anova.Init.F!.Value, 0.005);
        Assert.Equal(28.97, anova.Order.F!.Value, 0.005);
        Assert.Equal(3.56, anova.Interaction.F!.Value, 0.005);

        // P-values: an independent evaluation through MathNet's F CDF, and the published P column.
        foreach (var row in new[] { anova.Init, anova.Order, anova.Interaction })
        {
            var reference = 1 - new FisherSnedecor(row.DegreesOfFreedom, 27).CumulativeDistribution(row.F!.Value);
            Assert.Equal(reference, row.PValue!.Value, 1e-10);
        }

        Assert.Equal(0.0020, anova.Init.PValue!.Value, 0.00005);
        Assert.True(anova.Order.PValue < 0.0001);
        Assert.Equal(0.0186, anova.Interaction.PValue!.Value, 0.00005);
    }

    [Fact]
    public void Anova_CellMeansWithoutReplication_EqualReplicatedSumsOfSquaresOverR()
    {
        var replicated = VarianceDecomposition.Anova(BatteryScores());
        var means = new List<SeedScore>();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                means.Add(new SeedScore(i, j, Battery[i][j].Average()));
            }
        }

        var single = VarianceDecomposition.Anova(means);

        Assert.Equal(replicated.Init.SumOfSquares / 4, single.Init.SumOfSquares, 1e-9);
        Assert.Equal(replicated.Order.SumOfSquares / 4, single.Order.SumOfSquares, 1e-9);
        Assert.Equal(replicated.Interaction!.SumOfSquares / 4, single.Residual.SumOfSquares, 1e-9);
    }

    [Fact]
    public void Anova_MissingCell_ThrowsNamingTheCell()
    {
        var scores = VarianceDecompositionTests.Grid3X3.Where(s => !(s.InitSeed == 2 && s.OrderSeed == 3)).ToArray();

        var error = Assert.Throws<ArgumentException>(() => VarianceDecomposition.Anova(scores));

        Assert.Contains("complete factorial", error.Message, StringComparison.Ordinal);
        Assert.Contains("WI seed 2 × DO seed 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anova_UnequalReplicates_Throws()
    {
        SeedScore[] scores = [.. VarianceDecompositionTests.Grid3X3, new(3, 3, 16)];

        var error = Assert.Throws<ArgumentException>(() => VarianceDecomposition.Anova(scores));

        Assert.Contains("same number of scores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anova_SingleOrderSeed_Throws()
    {
        Assert.Throws<ArgumentException>(() => VarianceDecomposition.Anova([new(1, 1, 0.5), new(2, 1, 0.6)]));
    }

    [Fact]
    public void Anova_PerfectlyAdditiveGrid_HasNoFStatistic()
    {
        // y = row + column exactly: the residual is zero, so F is undefined rather than infinite.
        SeedScore[] scores = [new(1, 1, 2), new(1, 2, 3), new(2, 1, 4), new(2, 2, 5)];

        var anova = VarianceDecomposition.Anova(scores);

        Assert.Equal(0, anova.Residual.SumOfSquares, 1e-12);
        Assert.Equal(4, anova.Init.SumOfSquares, 1e-12);
        Assert.Null(anova.Init.F);
        Assert.Null(anova.Init.PValue);
    }

    private static List<SeedScore> BatteryScores()
    {
        var scores = new List<SeedScore>();
        for (var material = 0; material < 3; material++)
        {
            for (var temperature = 0; temperature < 3; temperature++)
            {
                scores.AddRange(Battery[material][temperature].Select(life => new SeedScore(material, temperature, life)));
            }
        }

        return scores;
    }

    private static void AssertRow(AnovaRow row, double ss, int df, double ms, double? f, double? p)
    {
        Assert.Equal(ss, row.SumOfSquares, 1e-10);
        Assert.Equal(df, row.DegreesOfFreedom);
        Assert.Equal(ms, row.MeanSquare, 1e-10);
        Assert.Equal(f.HasValue, row.F.HasValue);
        Assert.Equal(p.HasValue, row.PValue.HasValue);
        if (f.HasValue)
        {
            Assert.Equal(f.Value, row.F!.Value, 1e-10);
            Assert.Equal(p!.Value, row.PValue!.Value, 1e-12);
        }
    }
}
