using SweepCluster.Training.Randomness;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class TrainingSeedsTests
{
    [Theory]
    // Reference values from an independent Python SplitMix64: s64(mix(mix(wi) ^ do)).
    [InlineData(1, 2, -4838594755968170389)]
    [InlineData(2, 1, -2274933249722822011)]
    [InlineData(0, 0, -6411193824288604561)]
    public void DropoutSeed_MixesBothSeeds(long init, long order, long expected)
    {
        Assert.Equal(expected, new TrainingSeeds(init, order).DropoutSeed);
    }

    [Fact]
    public void Streams_AreTheNamedRngStreamsOfEachSeed()
    {
        var seeds = new TrainingSeeds(3, 4);

        Assert.Equal(Rng.ForStream("init", 3).GetState(), seeds.CreateInitRng().GetState());
        Assert.Equal(Rng.ForStream("dropout", seeds.DropoutSeed).GetState(), seeds.CreateDropoutRng().GetState());
        Assert.Equal(new SweepCluster.Training.Data.DataOrder(10, 4).PermutationForEpoch(1), seeds.CreateDataOrder(10).PermutationForEpoch(1));
    }
}
