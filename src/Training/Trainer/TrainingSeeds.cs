using SweepCluster.Training.Data;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// The two seeds a Dodge-style sweep varies, and the random streams derived from them. Each purpose has
/// its own stream, so one can never shift another: the weight-initialization (WI) seed feeds
/// <c>Rng.ForStream("init", wi)</c> (the newly created classifier head, or every weight when training from
/// scratch); the data-order (DO) seed feeds <see cref="DataOrder"/> (one permutation per epoch); dropout
/// draws from <c>Rng.ForStream("dropout", DropoutSeed)</c>, where <see cref="DropoutSeed"/> mixes both.
/// </summary>
/// <param name="InitSeed">Weight-initialization seed.</param>
/// <param name="OrderSeed">Data-order seed.</param>
public sealed record TrainingSeeds(long InitSeed, long OrderSeed)
{
    /// <summary>Stream name of the weight-initialization generator.</summary>
    public const string InitStream = "init";

    /// <summary>Stream name of the dropout generator.</summary>
    public const string DropoutStream = "dropout";

    /// <summary>
    /// The seed of the dropout stream: <c>splitmix64(splitmix64(wi) ⊕ do)</c>, reinterpreted as signed.
    /// Dropout is part of neither factor alone (Dodge et al. do not separate it), so it depends on the pair;
    /// mixing through SplitMix64 keeps (wi, do) and (do, wi) apart.
    /// </summary>
    public long DropoutSeed => (long)Mix(Mix((ulong)InitSeed) ^ (ulong)OrderSeed);

    /// <summary>A fresh weight-initialization generator.</summary>
    public Rng CreateInitRng() => Rng.ForStream(InitStream, InitSeed);

    /// <summary>A fresh dropout generator (its state is checkpointed as training goes on).</summary>
    public Rng CreateDropoutRng() => Rng.ForStream(DropoutStream, DropoutSeed);

    /// <summary>The data order over <paramref name="exampleCount"/> training examples.</summary>
    public DataOrder CreateDataOrder(int exampleCount) => new(exampleCount, OrderSeed);

    private static ulong Mix(ulong x)
    {
        // One SplitMix64 output step (Vigna): a bijection with good avalanche.
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
