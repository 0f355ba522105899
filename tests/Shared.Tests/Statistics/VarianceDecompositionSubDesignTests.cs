using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class VarianceDecompositionSubDesignTests
{
    [Fact]
    public void LargestCompleteFactorial_FullGrid_IsTheWholeGrid()
    {
        var design = VarianceDecomposition.LargestCompleteFactorial(Grid(3, 4, missing: []))!;

        Assert.Equal([1, 2, 3], design.InitSeeds);
        Assert.Equal([1, 2, 3, 4], design.OrderSeeds);
    }

    // 4 WI × 4 DO with holes at (1,1), (1,2), (2,3):
    //   dropping WI 1 and 2 → 2 × 4 = 8 cells; dropping WI 1 and DO 3 → 3 × 3 = 9 cells;
    //   dropping DO 1, 2, 3 → 4 × 1 (too thin); WI {2,3,4} × DO {1,2,4} = 9 as well, but
    //   WI {3,4} × all DO = 8; the best 9-cell designs: {2,3,4}×{1,2,4} and ... WI 1 keeps only DO {3,4}:
    //   {1,3,4}×{3,4} = 6. So 9 cells, and among 3-WI designs the smallest seeds first: {2,3,4}.
    [Fact]
    public void LargestCompleteFactorial_Holes_DropsTheFewestCells()
    {
        var design = VarianceDecomposition.LargestCompleteFactorial(Grid(4, 4, missing: [(1, 1), (1, 2), (2, 3)]))!;

        Assert.Equal([2, 3, 4], design.InitSeeds);
        Assert.Equal([1, 2, 4], design.OrderSeeds);
        Assert.Equal(9, design.Cells);
    }

    [Fact]
    public void LargestCompleteFactorial_MoreWiThanDoSeeds_SearchesTheSmallerFactor()
    {
        // 5 WI × 3 DO, WI 5 misses DO 1: best is WI 1..4 × DO 1..3 (12) rather than all WI × DO 2..3 (10).
        var design = VarianceDecomposition.LargestCompleteFactorial(Grid(5, 3, missing: [(5, 1)]))!;

        Assert.Equal([1, 2, 3, 4], design.InitSeeds);
        Assert.Equal([1, 2, 3], design.OrderSeeds);
    }

    [Fact]
    public void LargestCompleteFactorial_NoTwoByTwo_IsNull()
    {
        // A diagonal: no two WI seeds share two DO seeds.
        SeedScore[] scores = [new(1, 1, 0.5), new(2, 2, 0.6), new(3, 3, 0.7)];

        Assert.Null(VarianceDecomposition.LargestCompleteFactorial(scores));
    }

    [Fact]
    public void LargestCompleteFactorial_RandomHoles_MatchesBruteForceOverBothFactors()
    {
        var rng = new Random(7);
        for (var round = 0; round < 30; round++)
        {
            var a = rng.Next(2, 6);
            var b = rng.Next(2, 6);
            var missing = Enumerable.Range(1, a).SelectMany(i => Enumerable.Range(1, b).Select(j => (i, j)))
                .Where(_ => rng.NextDouble() < 0.25).ToArray();
            var scores = Grid(a, b, missing);
            if (scores.Length == 0)
            {
                continue;
            }

            var design = VarianceDecomposition.LargestCompleteFactorial(scores);
            var cells = scores.Select(s => (s.InitSeed, s.OrderSeed)).ToHashSet();
            var bestCells = 0;
            for (var wi = 0; wi < 1 << a; wi++)
            {
                for (var d = 0; d < 1 << b; d++)
                {
                    var w = Enumerable.Range(1, a).Where(i => (wi & (1 << (i - 1))) != 0).ToArray();
                    var o = Enumerable.Range(1, b).Where(j => (d & (1 << (j - 1))) != 0).ToArray();
                    if (w.Length >= 2 && o.Length >= 2 && w.All(i => o.All(j => cells.Contains((i, j)))))
                    {
                        bestCells = Math.Max(bestCells, w.Length * o.Length);
                    }
                }
            }

            Assert.Equal(bestCells, design?.Cells ?? 0);
            if (design is not null)
            {
                Assert.All(design.InitSeeds, i => Assert.All(design.OrderSeeds, j => Assert.Contains((i, j), cells)));
            }
        }
    }

    private static SeedScore[] Grid(int inits, int orders, (int, int)[] missing) =>
        Enumerable.Range(1, inits)
            .SelectMany(i => Enumerable.Range(1, orders).Select(j => (i, j)))
            .Where(c => !missing.Contains(c))
            .Select(c => new SeedScore(c.i, c.j, (c.i * 0.01) + (c.j * 0.001)))
            .ToArray();
}
