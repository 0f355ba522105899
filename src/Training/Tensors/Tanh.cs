namespace SweepCluster.Training.Tensors;

/// <summary>Hyperbolic tangent (the BERT pooler's activation).</summary>
internal static class Tanh
{
    /// <summary><c>y = tanh(x)</c>; <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        // Scalar double on purpose: TensorPrimitives.Tanh is several ulps off near 0, and the pooler
        // applies tanh to only [batch, hidden] values, so speed does not matter here.
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = (float)Math.Tanh(x[i]);
        }
    }

    /// <summary>
    /// From the forward OUTPUT <paramref name="y"/>: <c>dx = dy · (1 − y²)</c>; <paramref name="dx"/> may
    /// alias <paramref name="dy"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(y.Length, dy.Length, nameof(dy));
        Check.SameLength(y.Length, dx.Length, nameof(dx));
        for (var i = 0; i < y.Length; i++)
        {
            dx[i] = dy[i] * (1f - (y[i] * y[i]));
        }
    }
}
