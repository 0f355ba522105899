namespace SweepCluster.Training.Tensors;

/// <summary>
/// BERT's exact GELU, <c>x · Φ(x) = x · 0.5 · (1 + erf(x/√2))</c>, evaluated in double through
/// <see cref="Erf"/> and rounded once to float.
/// </summary>
/// <remarks>
/// 1 + erf(x/√2) is computed as erfc(−x/√2), which keeps full relative precision for negative x,
/// where the sum would cancel.
/// </remarks>
internal static class Gelu
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary><c>y[i] = gelu(x[i])</c>. <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (var i = 0; i < x.Length; i++)
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
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var cdf = 0.5 * Erf.Complement(-v * InvSqrt2);
            var pdf = InvSqrt2Pi * Math.Exp(-0.5 * v * v);
            dx[i] = (float)(dy[i] * (cdf + (v * pdf)));
        }
    }
}
