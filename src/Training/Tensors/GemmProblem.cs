namespace SweepCluster.Training.Tensors;

/// <summary>
/// One validated GEMM call on pinned buffers: <c>C = Alpha · op(A) · op(B) + Beta · C</c>, row-major,
/// op(A) is <see cref="M"/>×<see cref="K"/> and op(B) is <see cref="K"/>×<see cref="N"/>.
/// </summary>
internal readonly unsafe struct GemmProblem(
    bool transposeA, bool transposeB, int m, int n, int k,
    float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
{
    public bool TransposeA { get; } = transposeA;

    public bool TransposeB { get; } = transposeB;

    public int M { get; } = m;

    public int N { get; } = n;

    public int K { get; } = k;

    public float Alpha { get; } = alpha;

    public float* A { get; } = a;

    public int Lda { get; } = lda;

    public float* B { get; } = b;

    public int Ldb { get; } = ldb;

    public float Beta { get; } = beta;

    public float* C { get; } = c;

    public int Ldc { get; } = ldc;
}
