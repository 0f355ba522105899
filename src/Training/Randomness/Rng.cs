namespace SweepCluster.Training.Randomness;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**) whose whole state is four <see cref="ulong"/>s,
/// so that checkpoints can save and restore it exactly. <see cref="System.Random"/> cannot be
/// checkpointed, which is why the engine never uses it.
/// </summary>
public sealed class Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the state from a 64-bit seed through SplitMix64 (as the xoshiro authors recommend).</summary>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private Rng(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>
    /// A generator for one named purpose of one seed (e.g. <c>("init", 3)</c>, <c>("order", 7)</c>):
    /// separate streams never share state, so drawing more dropout masks never shifts the data order.
    /// </summary>
    public static Rng ForStream(string purpose, long seed)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        // FNV-1a over the purpose, mixed with the seed: stable across runs and platforms.
        var h = 14695981039346656037UL;
        foreach (var ch in purpose)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return new Rng(h ^ ((ulong)seed * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>The full state, for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a generator saved with <see cref="GetState"/>.</summary>
    public static Rng FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4)
        {
            throw new ArgumentException("An Rng state has exactly four words.", nameof(state));
        }

        return new Rng(state[0], state[1], state[2], state[3]);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 bits of precision.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 bits of precision.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <summary>
    /// <c>flags[i] = NextSingle() ≥ threshold ? 1 : 0</c> for i in order: exactly the draws and outcomes of
    /// calling <see cref="NextSingle"/> once per element (dropout's keep mask), with the state in registers.
    /// </summary>
    public void FillAtLeast(Span<byte> flags, float threshold)
    {
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var i = 0; i < flags.Length; i++)
        {
            var result = ulong.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            flags[i] = (result >> 40) * (1.0f / (1U << 24)) >= threshold ? (byte)1 : (byte)0;
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) without modulo bias (Lemire).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            var product = Math.BigMul(r, bound, out var low);
            if (low >= threshold)
            {
                return (int)product;
            }
        }
    }

    /// <summary>Standard normal draw (Box–Muller; one pair of uniforms per call, so the state advance is fixed).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
