namespace SweepCluster.Training.Tensors;

/// <summary>
/// Cache-blocking sizes of the managed GEMM. Only the k-blocking affects results (it fixes where
/// partial sums are rounded into C); it depends on k and the transpose of A only, never on threads,
/// output tiling or the kernel.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>
    /// Largest k-block when A is not transposed. Its 256×64 B micro-panel (64 KiB) overflows L1 and
    /// streams from L2, yet measured it was as fast as 128 on the bert shapes, and fewer blocks mean
    /// fewer passes over C.
    /// </summary>
    public const int MaxKc = 256;

    /// <summary>
    /// Largest k-block when A is transposed: A is then read one strided cache line per k step, and
    /// those lines, 1.5–8 KiB apart in the bert shapes, fall into few L1 sets; a shorter block keeps
    /// them and the B micro-panel resident (measured: 110 vs 70 GFLOP/s on 512×128×2048).
    /// </summary>
    public const int MaxKcTransposedA = 128;

    /// <summary>
    /// Rows of op(A) per block (a multiple of every kernel's Mr): 480 rows × 256 k of A, read in place,
    /// is 0.5 MiB and stays in L2 while every B panel of the block passes over it.
    /// </summary>
    public const int Mc = 480;

    /// <summary>Columns of op(B) packed per block.</summary>
    public const int Nc = 1024;

    /// <summary>
    /// A non-transposed A larger than this many floats (1 MiB, half of L2) is software-prefetched panel
    /// by panel; a smaller one is usually still in L2 from the op that wrote it, and prefetching it
    /// measured about 3 % slower.
    /// </summary>
    public const long PrefetchAFloats = 1L << 18;

    /// <summary>
    /// Fewest multiply-adds for which the work is split across threads; below it the fork/join costs
    /// more than it saves. Results do not depend on it (see <see cref="Gemm"/>).
    /// </summary>
    public const long MinParallelWork = 1L << 21;

    /// <summary>The k-block size: the k range split into equal blocks of at most <see cref="MaxKc"/> (or <see cref="MaxKcTransposedA"/>).</summary>
    public static int Kc(int k, bool transposeA)
    {
        var maxKc = transposeA ? MaxKcTransposedA : MaxKc;
        if (k <= maxKc)
        {
            return Math.Max(k, 1);
        }

        var blocks = (k + maxKc - 1) / maxKc;
        return (k + blocks - 1) / blocks;
    }
}
