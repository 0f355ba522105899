using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

        rng.FillAtLeast(keep, p);
        Scale(x, y, keep, 1f / (1f - p));
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

        Scale(dy, dx, keep, 1f / (1f - p));
    }

    /// <summary><c>y[i] = keep[i] ≠ 0 ? x[i]·scale : 0</c> (+0, whatever x[i] is); y may alias x.</summary>
    internal static void Scale(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<byte> keep, float scale)
    {
        var i = 0;
        if (Avx512F.IsSupported)
        {
            ref var xRef = ref MemoryMarshal.GetReference(x);
            ref var yRef = ref MemoryMarshal.GetReference(y);
            ref var keepRef = ref MemoryMarshal.GetReference(keep);
            var factor = Vector512.Create(scale);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var flags = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref keepRef, (nuint)i));
                var kept = Vector512.Equals(flags, Vector512<int>.Zero).AsSingle();
                var scaled = Vector512.LoadUnsafe(ref xRef, (nuint)i) * factor;
                Vector512.AndNot(scaled, kept).StoreUnsafe(ref yRef, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = keep[i] != 0 ? x[i] * scale : 0f;
        }
    }
}
