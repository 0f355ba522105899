using System.Numerics.Tensors;

namespace SweepCluster.Training.Tensors;

/// <summary>Bias broadcast over the rows of a row-major [rows, cols] buffer, and its gradient.</summary>
internal static class Bias
{
    /// <summary><c>y[r, :] += bias</c> for every row.</summary>
    public static void AddToRows(Span<float> y, int rows, ReadOnlySpan<float> bias)
    {
        var cols = bias.Length;
        Check.SameLength(rows * cols, y.Length, nameof(y));
        for (var r = 0; r < rows; r++)
        {
            var row = y.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary><c>dBias += Σ_r dy[r, :]</c> (column sums, accumulated in row order).</summary>
    public static void AccumulateGradient(ReadOnlySpan<float> dy, int rows, Span<float> dBias)
    {
        var cols = dBias.Length;
        Check.SameLength(rows * cols, dy.Length, nameof(dy));
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(dBias, dy.Slice(r * cols, cols), dBias);
        }
    }
}
