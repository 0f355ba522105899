using System.Numerics.Tensors;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// General matrix multiply on row-major float32 buffers:
/// <c>C = alpha · op(A) · op(B) + beta · C</c>, where op(A) is m×k and op(B) is k×n.
/// <c>lda</c>, <c>ldb</c>, <c>ldc</c> are row strides of the
/// buffers as stored (so for a transposed A stored k×m, lda ≥ m).
/// </summary>
/// <remarks>
/// <para>BLAS semantics: with beta = 0 the old contents of C are never read (NaN there is harmless);
/// with alpha = 0 or k = 0, A and B are not read and C becomes beta · C. Elements of the buffers
/// between rows (past the logical width, inside the stride) are neither read nor written.</para>
/// <para>Determinism: the managed backend computes every element of C with the same sequence of
/// float operations (fused multiply-adds over k in order, in fixed k-blocks that depend on k only),
/// whatever the thread count, the element's position in a tile, or the vector width of the kernel.
/// Threads own fixed stripes of C and k is never split across them, so results are bitwise identical
/// for any <see cref="GemmOptions.Threads"/>.</para>
/// </remarks>
public static class Gemm
{
    /// <summary>Whether OpenBLAS (<c>cblas_sgemm</c>) was found, so that <see cref="GemmBackend.OpenBlas"/> works.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasGemm.IsAvailable;

    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c> single-threaded with the managed backend.</summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmOptions.Default);
    }

    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c> with the backend and threads of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, a stride is smaller than its row width, or a buffer is too short.</exception>
    /// <exception cref="InvalidOperationException"><see cref="GemmBackend.OpenBlas"/> was asked for and OpenBLAS is not installed.</exception>
    public static unsafe void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, GemmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckMatrix(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a), nameof(lda));
        CheckMatrix(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b), nameof(ldb));
        CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (options.Backend == GemmBackend.OpenBlas && !OpenBlasGemm.IsAvailable)
        {
            throw new InvalidOperationException("The OpenBLAS GEMM backend was requested but OpenBLAS was not found (install libopenblas0-pthread).");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            ScaleC(c, m, n, ldc, beta);
            return;
        }

        var useOpenBlas = options.Backend == GemmBackend.OpenBlas
            || (options.Backend == GemmBackend.Auto && OpenBlasGemm.IsAvailable);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            if (useOpenBlas)
            {
                OpenBlasGemm.Multiply(problem, options.Threads);
            }
            else
            {
                ManagedGemm.Multiply(problem, options.Threads, options.Kernel);
            }
        }
    }

    private static void CheckMatrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < cols || ld < 0)
        {
            throw new ArgumentOutOfRangeException(ldName, ld, $"The row stride must be at least the stored row width {cols}.");
        }

        if (rows > 0 && cols > 0 && length < (((long)rows - 1) * ld) + cols)
        {
            throw new ArgumentException($"Buffer of {length} floats is too short for {rows}×{cols} with stride {ld}.", name);
        }
    }

    private static void ScaleC(Span<float> c, int m, int n, int ldc, float beta)
    {
        if (beta == 1f)
        {
            return;
        }

        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
