using System.Numerics;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// BERT's exact GELU, <c>x · Φ(x) = x · 0.5 · (1 + erf(x/√2))</c>, evaluated in double through
/// <see cref="Erf"/> and rounded once to float.
/// </summary>
/// <remarks>
/// 1 + erf(x/√2) is computed as erfc(−x/√2), which keeps full relative precision for negative x,
/// where the sum would cancel. Whole vectors go through the lane-parallel path and the remainder
/// through the scalar one; both round the same double approximation, so they agree to the last
/// float bit except where a value lies within ~1e-16 of a rounding boundary (always the same
/// elements for the same length, so results stay deterministic).
/// </remarks>
internal static class Gelu
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary><c>y[i] = gelu(x[i])</c>. <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i <= x.Length - width; i += width)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, width)), out var low, out var high);
                Vector.Narrow(ForwardLanes(low), ForwardLanes(high)).CopyTo(y.Slice(i, width));
            }
        }

        for (; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(0.5 * v * Erf.Complement(-v * InvSqrt2));
        }
    }

    /// <summary>
    /// <c>dx[i] = dy[i] · gelu'(x[i])</c> with gelu'(x) = Φ(x) + x·φ(x); overwrites <paramref name="dx"/>,
    /// which may alias <paramref name="dy"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(x.Length, dy.Length, nameof(dy));
        Check.SameLength(x.Length, dx.Length, nameof(dx));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i <= x.Length - width; i += width)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, width)), out var xLow, out var xHigh);
                Vector.Widen(new Vector<float>(dy.Slice(i, width)), out var dyLow, out var dyHigh);
                Vector.Narrow(dyLow * DerivativeLanes(xLow), dyHigh * DerivativeLanes(xHigh)).CopyTo(dx.Slice(i, width));
            }
        }

        for (; i < x.Length; i++)
        {
            double v = x[i];
            var cdf = 0.5 * Erf.Complement(-v * InvSqrt2);
            var pdf = InvSqrt2Pi * Math.Exp(-0.5 * v * v);
            dx[i] = (float)(dy[i] * (cdf + (v * pdf)));
        }
    }

    private static Vector<double> ForwardLanes(Vector<double> x) =>
        new Vector<double>(0.5) * x * Erf.Complement(-x * new Vector<double>(InvSqrt2), out _);

    private static Vector<double> DerivativeLanes(Vector<double> x)
    {
        // erfc(−x/√2) comes with e^(−x²/2), which is exactly φ(x)·√(2π).
        var cdf = new Vector<double>(0.5) * Erf.Complement(-x * new Vector<double>(InvSqrt2), out var gauss);
        return cdf + (x * new Vector<double>(InvSqrt2Pi) * gauss);
    }
}
