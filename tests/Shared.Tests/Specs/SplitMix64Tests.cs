using SweepCluster.Shared.Specs;

namespace SweepCluster.Shared.Tests.Specs;

public sealed class SplitMix64Tests
{
    [Fact]
    public void Next_SeedZero_MatchesReferenceSequence()
    {
        // Reference values of Vigna's splitmix64.c for state 0 (also produced by an independent Python port).
        var rng = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
        Assert.Equal(0x06C45D188009454FUL, rng.Next());
    }

    [Fact]
    public void Next_AllOnesSeed_MatchesReferenceSequence()
    {
        var rng = new SplitMix64(ulong.MaxValue);

        Assert.Equal(0xE4D971771B652C20UL, rng.Next());
        Assert.Equal(0xE99FF867DBF682C9UL, rng.Next());
    }

    [Fact]
    public void NextBelow_SmallBound_StaysInRangeAndCoversIt()
    {
        var rng = new SplitMix64(7);
        var seen = new int[5];
        for (var i = 0; i < 500; i++)
        {
            seen[rng.NextBelow(5)]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 60, 140));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextBelow(0));
    }
}
