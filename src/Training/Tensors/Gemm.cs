namespace SweepCluster.Training.Tensors;

/// <summary>
/// General matrix multiply on row-major float32 buffers:
/// <c>C = alpha · op(A) · op(B) + beta · C</c>, where op(A) is m×k and op(B) is k×n.
/// <c>lda</c>, <c>ldb</c>, <c>ldc</c> are row strides of the
/// buffers as stored (so for a transposed A stored k×m, lda ≥ m).
/// </summary>
public static class Gemm
{
    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c>.</summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmReference.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
