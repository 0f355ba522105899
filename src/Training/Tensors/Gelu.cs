using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// elements for the same length, so results stay deterministic). On AVX-512 the lanes are 8 doubles
/// (<see cref="Vector512{T}"/>), otherwise <see cref="Vector{T}"/>; both evaluate the same expression per lane.
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
        if (Vector512.IsHardwareAccelerated)
        {
            ref var xRef = ref MemoryMarshal.GetReference(x);
            ref var yRef = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref xRef, (nuint)i));
                Vector512.Narrow(ForwardLanes(low), ForwardLanes(high)).StoreUnsafe(ref yRef, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
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
        if (Vector512.IsHardwareAccelerated)
        {
            ref var xRef = ref MemoryMarshal.GetReference(x);
            ref var dyRef = ref MemoryMarshal.GetReference(dy);
            ref var dxRef = ref MemoryMarshal.GetReference(dx);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (xLow, xHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref xRef, (nuint)i));
                var (dyLow, dyHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref dyRef, (nuint)i));
                Vector512.Narrow(dyLow * DerivativeLanes(xLow, out _), dyHigh * DerivativeLanes(xHigh, out _)).StoreUnsafe(ref dxRef, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
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

    /// <summary>
    /// <c>y[i] = gelu(x[i])</c> and <c>derivative[i] = gelu'(x[i])</c> in one pass (one erfc and one
    /// exponential per element): bitwise what <see cref="Forward"/> and <see cref="Backward"/> with
    /// dy = 1 give. A training forward pass keeps the derivative so that the backward pass is one
    /// multiply. <paramref name="derivative"/> may alias <paramref name="x"/> (not <paramref name="y"/>).
    /// </summary>
    public static void ForwardWithDerivative(ReadOnlySpan<float> x, Span<float> y, Span<float> derivative)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, derivative.Length, nameof(derivative));
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var xRef = ref MemoryMarshal.GetReference(x);
            ref var yRef = ref MemoryMarshal.GetReference(y);
            ref var dRef = ref MemoryMarshal.GetReference(derivative);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref xRef, (nuint)i));
                var dLow = DerivativeLanes(low, out var yLow);
                var dHigh = DerivativeLanes(high, out var yHigh);
                Vector512.Narrow(yLow, yHigh).StoreUnsafe(ref yRef, (nuint)i);
                Vector512.Narrow(dLow, dHigh).StoreUnsafe(ref dRef, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i <= x.Length - width; i += width)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, width)), out var low, out var high);
                Vector.Narrow(ForwardLanes(low), ForwardLanes(high)).CopyTo(y.Slice(i, width));
                Vector.Narrow(DerivativeLanes(low), DerivativeLanes(high)).CopyTo(derivative.Slice(i, width));
            }
        }

        for (; i < x.Length; i++)
        {
            double v = x[i];
            var complement = Erf.Complement(-v * InvSqrt2);
            y[i] = (float)(0.5 * v * complement);
            derivative[i] = (float)((0.5 * complement) + (v * (InvSqrt2Pi * Math.Exp(-0.5 * v * v))));
        }
    }

    private static Vector512<double> ForwardLanes(Vector512<double> x) =>
        Vector512.Create(0.5) * x * Erf.Complement(-x * Vector512.Create(InvSqrt2), withExp: false, out _);

    // gelu'(x) per lane, and gelu(x) from the same erfc.
    private static Vector512<double> DerivativeLanes(Vector512<double> x, out Vector512<double> gelu)
    {
        var erfc = Erf.Complement(-x * Vector512.Create(InvSqrt2), withExp: true, out var gauss);
        gelu = Vector512.Create(0.5) * x * erfc;
        var cdf = Vector512.Create(0.5) * erfc;
        return cdf + (x * Vector512.Create(InvSqrt2Pi) * gauss);
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
