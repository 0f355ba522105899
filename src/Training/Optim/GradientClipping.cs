using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Optim;

/// <summary>Gradient-norm clipping and zeroing over a model's parameters.</summary>
public static class GradientClipping
{
    /// <summary>The constant PyTorch adds to the norm before dividing (<c>clip_grad_norm_</c>).</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>
    /// PyTorch's <c>torch.nn.utils.clip_grad_norm_(params, maxNorm)</c> (L2): computes the global norm of all
    /// gradients as if concatenated, then multiplies every gradient by
    /// <c>c = min(1, maxNorm / (norm + 1e-6))</c> rounded to float32.
    /// </summary>
    /// <remarks>
    /// Like PyTorch 1.13 the scale is applied whenever c &lt; 1, i.e. already for norm &gt; maxNorm − 1e-6; when
    /// c = 1 the gradients are left untouched (PyTorch multiplies by 1, which changes no bit). The norm is
    /// accumulated in double in a fixed order (PyTorch uses float32 per-tensor norms), so it is more accurate
    /// than PyTorch's in the last float bits and identical on every run and machine. A non-finite norm is
    /// returned as is and the gradients are left untouched (PyTorch would turn them into NaN); the caller
    /// should treat it as divergence.
    /// </remarks>
    /// <returns>The global norm before clipping.</returns>
    public static double ClipGradNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0) || double.IsInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Must be finite and > 0.");
        }

        var norm = GlobalNorm(parameters);
        if (!double.IsFinite(norm))
        {
            return norm;
        }

        var coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient < 1.0)
        {
            var scale = (float)coefficient;
            foreach (var p in parameters)
            {
                TensorPrimitives.Multiply(p.Grad, scale, p.Grad);
            }
        }

        return norm;
    }

    /// <summary>The L2 norm of all gradients together, accumulated in double in parameter order.</summary>
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sum = 0.0;
        foreach (var p in parameters)
        {
            sum += SumOfSquares(p.Grad);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Sets every gradient to zero (PyTorch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public static void ZeroGrad(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            Array.Clear(p.Grad);
        }
    }

    /// <summary>
    /// Σ x² in double with eight interleaved partial sums (element i goes to sum i mod 8), combined in a fixed
    /// order. <see cref="Vector256{T}"/> gives the same bits whether or not the hardware accelerates it.
    /// </summary>
    internal static double SumOfSquares(ReadOnlySpan<float> values)
    {
        var lowerAcc = Vector256<double>.Zero;
        var upperAcc = Vector256<double>.Zero;
        var i = 0;
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.Create(values.Slice(i, Vector256<float>.Count)));
            lowerAcc += lower * lower;
            upperAcc += upper * upper;
        }

        Span<double> partial = stackalloc double[8];
        lowerAcc.CopyTo(partial);
        upperAcc.CopyTo(partial[4..]);
        for (var lane = 0; i < values.Length; i++, lane++)
        {
            double x = values[i];
            partial[lane] += x * x;
        }

        return SumOfSquaresReduce(partial);
    }

    /// <summary>Scalar reference of <see cref="SumOfSquares"/>: identical partial sums and reduction order.</summary>
    internal static double SumOfSquaresScalar(ReadOnlySpan<float> values)
    {
        Span<double> partial = stackalloc double[8];
        partial.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            double x = values[i];
            partial[i % 8] += x * x;
        }

        return SumOfSquaresReduce(partial);
    }

    private static double SumOfSquaresReduce(ReadOnlySpan<double> partial) =>
        ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
}
