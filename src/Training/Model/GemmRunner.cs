using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <summary>
/// The model's only route to <see cref="Gemm"/>: the one place where the thread count chosen for the
/// model meets the matrix kernel, so a threaded GEMM (or a BLAS path) plugs in here and nowhere else.
/// </summary>
internal sealed class GemmRunner
{
    private readonly GemmOptions _options;

    public GemmRunner(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _options = threads == 1 ? GemmOptions.Default : new GemmOptions { Threads = threads };
    }

    /// <summary>Threads the GEMM may use (1 = the calling thread only).</summary>
    public int Threads { get; }

    /// <summary><c>C = alpha · op(A) · op(B) + beta · C</c>, row-major (see <see cref="Gemm"/>).</summary>
    public void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Gemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, _options);
    }
}
