namespace SweepCluster.Training.Tensors;

/// <summary>
/// Cache-blocking sizes of the managed GEMM. Only the k-blocking affects results (it fixes where
/// partial sums are rounded into C); it depends on k alone, never on threads or output tiling.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Largest k-block: a kc×32 B micro-panel (32 KiB) stays in a 48 KiB L1 while A streams.</summary>
    public const int MaxKc = 256;

    /// <summary>Rows of op(A) packed per block (about 0.5 MiB at kc = 256, resident in L2).</summary>
    public const int Mc = 480;

    /// <summary>Columns of op(B) packed per block.</summary>
    public const int Nc = 1024;

    /// <summary>
    /// Fewest multiply-adds for which the work is split across threads; below it the fork/join costs
    /// more than it saves. Results do not depend on it (see <see cref="Gemm"/>).
    /// </summary>
    public const long MinParallelWork = 1L << 18;

    /// <summary>The k-block size for a given k: the k range split into equal blocks of at most <see cref="MaxKc"/>.</summary>
    public static int Kc(int k)
    {
        if (k <= MaxKc)
        {
            return Math.Max(k, 1);
        }

        var blocks = (k + MaxKc - 1) / MaxKc;
        return (k + blocks - 1) / blocks;
    }
}
