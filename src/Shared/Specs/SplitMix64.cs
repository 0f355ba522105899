namespace SweepCluster.Shared.Specs;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; Vigna's reference constants): a tiny generator whose
/// output depends only on integer arithmetic, so that seeded draws in specs (the random seed
/// design) are identical on every platform and runtime. Shared cannot use the Training RNG.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state += Gamma;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>), without modulo bias: draws below
    /// 2^64 mod bound are rejected.
    /// </summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = Next();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }
}
