using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

/// <summary>
/// One GEMM test problem with random operands in [−1, 1) stored row-major with optional extra stride.
/// The padding between rows is filled with NaN in A and B (so reading it would poison the result)
/// and with a sentinel in C (so writing it is detected).
/// </summary>
internal sealed class GemmCase
{
    public const float CPadding = 12345.5f;

    public GemmCase(bool transposeA, bool transposeB, int m, int n, int k, int extraStride = 0, ulong seed = 1)
    {
        TransposeA = transposeA;
        TransposeB = transposeB;
        M = m;
        N = n;
        K = k;
        var rng = new Rng(seed);
        (A, Lda) = Matrix(rng, transposeA ? k : m, transposeA ? m : k, extraStride, float.NaN);
        (B, Ldb) = Matrix(rng, transposeB ? n : k, transposeB ? k : n, extraStride, float.NaN);
        (C, Ldc) = Matrix(rng, m, n, extraStride, CPadding);
    }

    public bool TransposeA { get; }

    public bool TransposeB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float[] A { get; }

    public int Lda { get; }

    public float[] B { get; }

    public int Ldb { get; }

    /// <summary>The initial C; <see cref="Run"/> works on a copy.</summary>
    public float[] C { get; }

    public int Ldc { get; }

    /// <summary>Sets every element of the initial C (not its padding) to <paramref name="value"/>.</summary>
    public void FillC(float value)
    {
        for (var i = 0; i < M; i++)
        {
            C.AsSpan(i * Ldc, N).Fill(value);
        }
    }

    public float[] Run(float alpha, float beta, GemmOptions options)
    {
        var c = (float[])C.Clone();
        Gemm.Multiply(TransposeA, TransposeB, M, N, K, alpha, A, Lda, B, Ldb, beta, c, Ldc, options);
        return c;
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> matches the double-precision reference within a rounding
    /// error bound and that C's padding is untouched.
    /// </summary>
    /// <remarks>
    /// Bound (Higham, Accuracy and Stability of Numerical Algorithms, §3.1): a length-k dot product in
    /// float, in any summation order and with or without FMA, is off by at most γ_k·Σ|a_p||b_p| with
    /// γ_k ≈ k·u and u = 2⁻²⁴. Scaling by alpha and beta and adding to C costs at most 3 more roundings,
    /// each k-block (at most 128 long) adds one when its partial sum is folded into C, and rounding the
    /// reference to float one more. So |actual − exact| ≤ (k + ⌈k/128⌉ + 4)·u·(|α|·(|A||B|)ᵢⱼ + |β|·|Cᵢⱼ|),
    /// where |A||B| is computed by the same reference on absolute values. The bound is rigorous, not
    /// tuned: a wrong or missing product term exceeds it by orders of magnitude.
    /// </remarks>
    public void AssertMatchesReference(float alpha, float beta, float[] actual)
    {
        var expected = (float[])C.Clone();
        GemmReference.Multiply(TransposeA, TransposeB, M, N, K, alpha, A, Lda, B, Ldb, beta, expected, Ldc);
        var magnitude = Abs(C);
        GemmReference.Multiply(
            TransposeA, TransposeB, M, N, K, Math.Abs(alpha), Abs(A), Lda, Abs(B), Ldb, Math.Abs(beta), magnitude, Ldc);
        var roundings = K + ((K + 127) / 128) + 4;
        for (var i = 0; i < M; i++)
        {
            for (var j = 0; j < Ldc; j++)
            {
                var index = (i * Ldc) + j;
                if (j >= N)
                {
                    Assert.Equal(CPadding, actual[index]);
                    continue;
                }

                var bound = roundings * Math.ScaleB(1.0, -24) * magnitude[index];
                var error = Math.Abs((double)actual[index] - expected[index]);
                Assert.True(
                    error <= bound,
                    $"C[{i},{j}] = {actual[index]:R}, reference {expected[index]:R}, |error| {error:E3} > bound {bound:E3}");
            }
        }
    }

    private static float[] Abs(float[] values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Math.Abs(values[i]);
        }

        return result;
    }

    private static (float[] Values, int Stride) Matrix(Rng rng, int rows, int cols, int extraStride, float padding)
    {
        var stride = cols + extraStride;
        var values = new float[rows * stride];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < stride; j++)
            {
                values[(i * stride) + j] = j < cols ? (rng.NextSingle() * 2f) - 1f : padding;
            }
        }

        return (values, stride);
    }
}
