using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class SeedRankingTests
{
    private static readonly SeedMean[] SweepA = [new(1, 0.80, 5), new(2, 0.85, 5), new(3, 0.70, 5), new(4, 0.90, 5), new(5, 0.75, 5)];

    [Fact]
    public void Means_Grid_AveragesAcrossTheOtherFactorBestFirst()
    {
        // Row means 5, 7, 12 (WI); column means 5, 8, 11 (DO).
        var init = SeedRanking.Means(VarianceDecompositionTests.Grid3X3, SeedFactor.Init);
        var order = SeedRanking.Means(VarianceDecompositionTests.Grid3X3, SeedFactor.Order);

        Assert.Equal([new(3, 12, 3), new(2, 7, 3), new(1, 5, 3)], init);
        Assert.Equal([new(3, 11, 3), new(2, 8, 3), new(1, 5, 3)], order);
    }

    [Fact]
    public void Best_Minimize_PicksTheLowestMeanAndBreaksTiesBySeed()
    {
        Assert.Equal(new SeedMean(1, 5, 3), SeedRanking.Best(VarianceDecompositionTests.Grid3X3, SeedFactor.Init, maximize: false));
        Assert.Equal(4, SeedRanking.Best([new(9, 1, 0.5), new(4, 2, 0.5)], SeedFactor.Init).Seed);
    }

    [Fact]
    public void Agreement_SameOrderOnCommonSeeds_IsPerfectAndIgnoresSeedsOfOneSweep()
    {
        // Seed 6 is B's best but A never ran it: only seeds 2–5 count, ranked 4 > 2 > 5 > 3 in both.
        SeedMean[] sweepB = [new(2, 0.82, 5), new(3, 0.72, 5), new(4, 0.88, 5), new(5, 0.74, 5), new(6, 0.99, 5)];

        var agreement = SeedRanking.Agreement(SweepA, sweepB, topK: 2);

        Assert.Equal(new SeedAgreement(4, 1.0, 2, 2, 1.0, true), agreement);
    }

    [Fact]
    public void Agreement_DifferentOrder_MatchesHandRanks()
    {
        // Common seeds 2–5. Ascending ranks A: 3→1, 5→2, 2→3, 4→4; B: 2→1, 5→2, 4→3, 3→4.
        // d = 2, −3, 1, 0 → Σd² = 14 → ρ = 1 − 6·14/(4·15) = −0.4. Top 2: A {4, 2}, B {3, 4} → overlap 1.
        SeedMean[] sweepB = [new(2, 0.70, 5), new(3, 0.90, 5), new(4, 0.80, 5), new(5, 0.75, 5)];

        var agreement = SeedRanking.Agreement(SweepA, sweepB, topK: 2);

        Assert.Equal(-0.4, agreement.Spearman!.Value, 1e-12);
        Assert.Equal((2, 1, false), (agreement.TopK, agreement.TopKOverlap, agreement.SameBest));
    }

    [Fact]
    public void Agreement_TopKLargerThanCommonSeeds_IsCapped()
    {
        var agreement = SeedRanking.Agreement(SweepA, SweepA, topK: 50);

        Assert.Equal((5, 5, 5.0), (agreement.TopK, agreement.TopKOverlap, agreement.ExpectedOverlapByChance));
    }

    [Fact]
    public void Agreement_NoCommonSeed_Throws()
    {
        Assert.Throws<ArgumentException>(() => SeedRanking.Agreement(SweepA, [new(9, 0.5, 1)], 1));
    }

    [Fact]
    public void DivergenceRates_PerFactorLevel_CountsDivergedTrials()
    {
        SeedOutcome[] outcomes =
        [
            new(1, 1, false), new(1, 2, true), new(1, 3, false),
            new(2, 1, true), new(2, 2, true), new(2, 3, false),
        ];

        Assert.Equal([new(1, 1, 3), new(2, 2, 3)], SeedRanking.DivergenceRates(outcomes, SeedFactor.Init));
        var order = SeedRanking.DivergenceRates(outcomes, SeedFactor.Order);
        Assert.Equal([new(1, 1, 2), new(2, 2, 2), new(3, 0, 2)], order);
        Assert.Equal([0.5, 1.0, 0.0], order.Select(r => r.Rate));
    }
}
