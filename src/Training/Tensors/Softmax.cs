using System.Numerics.Tensors;

namespace SweepCluster.Training.Tensors;

/// <summary>Row-wise softmax over a row-major [rows, cols] buffer, with an optional additive mask.</summary>
internal static class Softmax
{
    /// <summary>
    /// In place: <c>x[r, :] = softmax(x[r, :] + mask)</c>. The mask (length <paramref name="cols"/> or
    /// empty) is added to every row; masked columns carry <see cref="float.MinValue"/> as in Hugging Face
    /// BERT, so a fully masked row becomes uniform rather than NaN.
    /// </summary>
    public static void ForwardInPlace(Span<float> x, int rows, int cols, ReadOnlySpan<float> mask)
    {
        Check.SameLength(rows * cols, x.Length, nameof(x));
        if (!mask.IsEmpty)
        {
            Check.SameLength(cols, mask.Length, nameof(mask));
        }

        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            if (!mask.IsEmpty)
            {
                TensorPrimitives.Add(row, mask, row);
            }

            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            var sum = TensorPrimitives.Sum(row);
            TensorPrimitives.Divide(row, sum, row);
        }
    }

    /// <summary>
    /// Given the softmax output <paramref name="y"/> and the gradient <paramref name="dy"/>, writes
    /// <c>dx = y ⊙ (dy − ⟨dy, y⟩)</c> row by row. <paramref name="dx"/> may alias <paramref name="dy"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int cols)
    {
        Check.SameLength(rows * cols, y.Length, nameof(y));
        Check.SameLength(rows * cols, dy.Length, nameof(dy));
        Check.SameLength(rows * cols, dx.Length, nameof(dx));
        for (var r = 0; r < rows; r++)
        {
            var yRow = y.Slice(r * cols, cols);
            var dxRow = dx.Slice(r * cols, cols);
            var dot = TensorPrimitives.Dot(dy.Slice(r * cols, cols), yRow);
            TensorPrimitives.Subtract(dy.Slice(r * cols, cols), dot, dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }
}
