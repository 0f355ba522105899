using MathNet.Numerics.Statistics;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class RankCorrelationTests
{
    // Early (at fraction f) and final scores of five trials, ties on both sides.
    //   early 0.60 0.70 0.70 0.80 0.90 → ranks 1 2.5 2.5 4 5
    //   final 0.65 0.75 0.85 0.85 0.80 → ranks 1 2   4.5 4.5 3
    // Centred on 3: dx = −2 −0.5 −0.5 1 2, dy = −2 −1 1.5 1.5 0.
    // Σdx·dy = 4 + 0.5 − 0.75 + 1.5 + 0 = 5.25; Σdx² = Σdy² = 9.5 → ρ = 5.25/9.5 = 21/38.
    // Kendall: of 10 pairs, 6 concordant, 2 discordant ((2,4), (3,4)), one tied in x (1,2), one tied in y
    // (2,3) → τ-b = (6 − 2)/√((10 − 1)(10 − 1)) = 4/9.
    private static readonly double[] Early = [0.60, 0.70, 0.70, 0.80, 0.90];
    private static readonly double[] Final = [0.65, 0.75, 0.85, 0.85, 0.80];

    [Fact]
    public void AverageRanks_Ties_ShareTheAverageRank()
    {
        Assert.Equal([1, 2.5, 2.5, 4, 5], RankCorrelation.AverageRanks(Early));
        Assert.Equal([1, 2, 4.5, 4.5, 3], RankCorrelation.AverageRanks(Final));
        Assert.Equal([2, 2, 2], RankCorrelation.AverageRanks([7.0, 7.0, 7.0]));
    }

    [Fact]
    public void Spearman_HandWorkedTies_Is21Over38()
    {
        Assert.Equal(21.0 / 38, RankCorrelation.Spearman(Early, Final)!.Value, 1e-12);
    }

    [Fact]
    public void KendallTauB_HandWorkedTies_IsFourNinths()
    {
        Assert.Equal(4.0 / 9, RankCorrelation.KendallTauB(Early, Final)!.Value, 1e-12);
    }

    [Fact]
    public void Spearman_DistinctValues_EqualsTextbookFormula()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 30).Select(_ => rng.NextDouble()).ToArray();
        var y = x.Select(v => v + (0.3 * rng.NextDouble())).ToArray();
        var rx = RankCorrelation.AverageRanks(x);
        var ry = RankCorrelation.AverageRanks(y);
        var sumD2 = rx.Zip(ry, (a, b) => (a - b) * (a - b)).Sum();

        // ρ = 1 − 6Σd²/(n(n² − 1)) holds only without ties.
        Assert.Equal(1 - (6 * sumD2 / (30.0 * ((30 * 30) - 1))), RankCorrelation.Spearman(x, y)!.Value, 1e-12);
    }

    [Fact]
    public void Spearman_RandomTies_EqualsMathNet()
    {
        var rng = new Random(8);
        for (var trial = 0; trial < 20; trial++)
        {
            var x = Enumerable.Range(0, 25).Select(_ => (double)rng.Next(6)).ToArray();
            var y = x.Select(v => v + rng.Next(4)).ToArray();

            Assert.Equal(Correlation.Spearman(x, y), RankCorrelation.Spearman(x, y)!.Value, 1e-12);
        }
    }

    [Fact]
    public void Correlations_PerfectAndReversedOrder_AreOneAndMinusOne()
    {
        double[] x = [1, 2, 3, 4];

        Assert.Equal(1.0, RankCorrelation.Spearman(x, [10, 20, 30, 40])!.Value, 1e-12);
        Assert.Equal(-1.0, RankCorrelation.Spearman(x, [4, 3, 2, 1])!.Value, 1e-12);
        Assert.Equal(-1.0, RankCorrelation.KendallTauB(x, [4, 3, 2, 1])!.Value, 1e-12);
    }

    [Fact]
    public void Correlations_ConstantSideOrSinglePair_AreUndefined()
    {
        Assert.Null(RankCorrelation.Spearman([1, 2, 3], [5, 5, 5]));
        Assert.Null(RankCorrelation.KendallTauB([1, 2, 3], [5, 5, 5]));
        Assert.Null(RankCorrelation.Spearman([1], [2]));
    }

    [Fact]
    public void Spearman_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1, 2], [1, 2, 3]));
    }
}
