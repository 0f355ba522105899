using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Inverted dropout: each element is kept with probability 1 − p and scaled by 1/(1 − p), so evaluation
/// needs no rescaling. The keep mask (1 = kept) is saved for <see cref="Backward"/>.
/// </summary>
/// <remarks>
/// The mask consumes exactly one <see cref="Rng.NextSingle"/> per element, in index order, and none
/// when p = 0: a given generator state always yields the same mask, which is what makes a trial
/// resumable bit for bit.
/// </remarks>
internal static class Dropout
{
    /// <summary>Applies dropout with probability <paramref name="p"/> in [0, 1). <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<byte> keep, float p, Rng rng)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, keep.Length, nameof(keep));
        ArgumentNullException.ThrowIfNull(rng);
        if (p is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        }

        if (p == 0f)
        {
            x.CopyTo(y);
            keep.Fill(1);
            return;
        }

        var scale = 1f / (1f - p);
        for (var i = 0; i < x.Length; i++)
        {
            var kept = rng.NextSingle() >= p;
            keep[i] = kept ? (byte)1 : (byte)0;
            y[i] = kept ? x[i] * scale : 0f;
        }
    }

    /// <summary><c>dx = dy · keep / (1 − p)</c>; <paramref name="dx"/> may alias <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<byte> keep, float p)
    {
        Check.SameLength(dy.Length, dx.Length, nameof(dx));
        Check.SameLength(dy.Length, keep.Length, nameof(keep));
        if (p == 0f)
        {
            dy.CopyTo(dx);
            return;
        }

        var scale = 1f / (1f - p);
        for (var i = 0; i < dy.Length; i++)
        {
            dx[i] = keep[i] != 0 ? dy[i] * scale : 0f;
        }
    }
}
