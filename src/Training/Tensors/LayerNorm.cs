using System.Numerics.Tensors;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Layer normalization over the last dimension of a row-major [rows, cols] buffer:
/// <c>y = (x − mean) · rstd · γ + β</c> with <c>rstd = 1/√(var + eps)</c> and the biased variance.
/// </summary>
internal static class LayerNorm
{
    /// <summary>
    /// Normalizes every row of <paramref name="x"/> into <paramref name="y"/> (which must not alias it)
    /// and saves each row's mean and rstd for <see cref="Backward"/>.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> x, Span<float> y, int rows, int cols,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps,
        Span<float> mean, Span<float> rstd)
    {
        Check.SameLength(rows * cols, x.Length, nameof(x));
        Check.SameLength(rows * cols, y.Length, nameof(y));
        Check.SameLength(cols, gamma.Length, nameof(gamma));
        Check.SameLength(cols, beta.Length, nameof(beta));
        Check.SameLength(rows, mean.Length, nameof(mean));
        Check.SameLength(rows, rstd.Length, nameof(rstd));
        for (var r = 0; r < rows; r++)
        {
            var xRow = x.Slice(r * cols, cols);
            var yRow = y.Slice(r * cols, cols);
            var mu = TensorPrimitives.Sum(xRow) / cols;
            TensorPrimitives.Subtract(xRow, mu, yRow);
            var variance = TensorPrimitives.SumOfSquares(yRow) / cols;
            var s = 1f / MathF.Sqrt(variance + eps);
            TensorPrimitives.Multiply(yRow, s, yRow);
            TensorPrimitives.MultiplyAdd(yRow, gamma, beta, yRow);
            mean[r] = mu;
            rstd[r] = s;
        }
    }

    /// <summary>
    /// Writes the input gradient into <paramref name="dx"/> (overwriting; it may alias <paramref name="dy"/>)
    /// and ADDS the parameter gradients into <paramref name="dGamma"/> and <paramref name="dBeta"/>.
    /// <c>dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))</c> where ĝ = dy ⊙ γ and x̂ is the normalized input.
    /// <paramref name="scratch"/> needs 2·<paramref name="cols"/> floats.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, int cols,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd,
        Span<float> dGamma, Span<float> dBeta, Span<float> scratch)
    {
        Check.SameLength(rows * cols, x.Length, nameof(x));
        Check.SameLength(rows * cols, dy.Length, nameof(dy));
        Check.SameLength(rows * cols, dx.Length, nameof(dx));
        Check.SameLength(cols, gamma.Length, nameof(gamma));
        Check.SameLength(cols, dGamma.Length, nameof(dGamma));
        Check.SameLength(cols, dBeta.Length, nameof(dBeta));
        Check.SameLength(rows, mean.Length, nameof(mean));
        Check.SameLength(rows, rstd.Length, nameof(rstd));
        Check.AtLeast(2 * cols, scratch.Length, nameof(scratch));
        var xHat = scratch[..cols];
        var g = scratch.Slice(cols, cols);
        for (var r = 0; r < rows; r++)
        {
            var dyRow = dy.Slice(r * cols, cols);
            TensorPrimitives.Subtract(x.Slice(r * cols, cols), mean[r], xHat);
            TensorPrimitives.Multiply(xHat, rstd[r], xHat);
            TensorPrimitives.MultiplyAdd(dyRow, xHat, dGamma, dGamma);
            TensorPrimitives.Add(dBeta, dyRow, dBeta);
            TensorPrimitives.Multiply(dyRow, gamma, g);
            var meanG = TensorPrimitives.Sum(g) / cols;
            var meanGx = TensorPrimitives.Dot(g, xHat) / cols;

            // dx = rstd·(g − meanG − x̂·meanGx): fold into two passes over the row.
            var dxRow = dx.Slice(r * cols, cols);
            TensorPrimitives.MultiplyAdd(xHat, -meanGx, g, dxRow);
            TensorPrimitives.Add(dxRow, -meanG, dxRow);
            TensorPrimitives.Multiply(dxRow, rstd[r], dxRow);
        }
    }
}
