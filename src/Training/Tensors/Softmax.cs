using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

        var fused = Vector512.IsHardwareAccelerated && cols % Vector512<float>.Count == 0 && !mask.IsEmpty;
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            if (fused)
            {
                MaskedExpInPlace(row, mask);
                TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
                continue;
            }

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
    /// <c>row = exp(row + mask − max(row + mask))</c> in two passes: the same float operations, element by
    /// element, as <see cref="TensorPrimitives"/>' Add, Max, Subtract and Exp (whose 512-bit path is
    /// <see cref="Vector512.Exp(Vector512{float})"/>), so the result is bitwise theirs, with fewer passes.
    /// The length is a multiple of 16.
    /// </summary>
    private static void MaskedExpInPlace(Span<float> row, ReadOnlySpan<float> mask)
    {
        ref var xRef = ref MemoryMarshal.GetReference(row);
        ref var mRef = ref MemoryMarshal.GetReference(mask);
        var max = Vector512.Create(float.NegativeInfinity);
        for (var i = 0; i < row.Length; i += Vector512<float>.Count)
        {
            var v = Vector512.LoadUnsafe(ref xRef, (nuint)i) + Vector512.LoadUnsafe(ref mRef, (nuint)i);
            v.StoreUnsafe(ref xRef, (nuint)i);
            max = Vector512.Max(max, v);
        }

        var m = Vector512.Create(MaxOf(Vector256.Max(max.GetLower(), max.GetUpper())));
        for (var i = 0; i < row.Length; i += Vector512<float>.Count)
        {
            Vector512.Exp(Vector512.LoadUnsafe(ref xRef, (nuint)i) - m).StoreUnsafe(ref xRef, (nuint)i);
        }
    }

    private static float MaxOf(Vector256<float> v)
    {
        var result = v[0];
        for (var i = 1; i < Vector256<float>.Count; i++)
        {
            result = MathF.Max(result, v[i]);
        }

        return result;
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
