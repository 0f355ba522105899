using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesReferenceOutputs()
    {
        // First outputs of Vigna's reference splitmix64.c seeded with 0.
        var rng = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void NextInt_ManyDraws_StaysInRangeAndIsRoughlyUniform()
    {
        var rng = new SplitMix64(42);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++)
        {
            counts[rng.NextInt(6)]++;
        }

        // Deterministic stream; a biased or shifted mapping would miss these ±4 % bands by far.
        Assert.All(counts, c => Assert.InRange(c, 9_600, 10_400));
    }

    [Fact]
    public void NextInt_BoundOne_IsAlwaysZero()
    {
        var rng = new SplitMix64(9);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(0, rng.NextInt(1)));
    }
}
