namespace SweepCluster.Training.Tensors;

/// <summary>
/// The GotoBLAS loop nest around a micro-kernel: for each column block of op(B) and each k-block,
/// pack B once; for each row block of op(A), pack A; then sweep micro-tiles. Works on a rectangle of C
/// so that threads can each own one.
/// </summary>
internal static unsafe class BlockedGemm<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Computes C[rows [row0, row1), columns [col0, col1)] of <paramref name="problem"/>.</summary>
    public static void Run(in GemmProblem problem, int row0, int row1, int col0, int col1)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr, k = problem.K;
        var kcMax = GemmBlocking.Kc(k);
        var mcMax = Math.Min(RoundUp(GemmBlocking.Mc, mr), RoundUp(row1 - row0, mr));
        var ncMax = Math.Min(RoundUp(GemmBlocking.Nc, nr), RoundUp(col1 - col0, nr));
        var bSize = GemmWorkspace.Round((long)ncMax * kcMax);
        var aSize = GemmWorkspace.Round((long)mcMax * kcMax);
        var workspace = GemmWorkspace.Current.Get(bSize + aSize + (mr * nr));
        var packedB = workspace;
        var packedA = workspace + bSize;
        var tile = packedA + aSize;

        for (var jc = col0; jc < col1; jc += ncMax)
        {
            var nc = Math.Min(ncMax, col1 - jc);
            for (var pc = 0; pc < k; pc += kcMax)
            {
                var kc = Math.Min(kcMax, k - pc);
                var first = pc == 0;
                GemmPacking.PackB<TKernel>(problem, jc, nc, pc, kc, packedB);
                for (var ic = row0; ic < row1; ic += mcMax)
                {
                    var mc = Math.Min(mcMax, row1 - ic);
                    GemmPacking.PackA<TKernel>(problem, ic, mc, pc, kc, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var bPanel = packedB + ((long)jr * kc);
                        var cols = Math.Min(nr, nc - jr);
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var aPanel = packedA + ((long)ir * kc);
                            var rows = Math.Min(mr, mc - ir);
                            var c = problem.C + ((long)(ic + ir) * problem.Ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(kc, aPanel, bPanel, c, problem.Ldc, problem.Alpha, problem.Beta, first);
                            }
                            else
                            {
                                EdgeTile(kc, aPanel, bPanel, c, rows, cols, problem, first, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A partial tile runs the same kernel on a full-size scratch tile, so its elements get exactly the
    /// arithmetic they would get inside a full tile; only the valid part is copied in and out.
    /// </summary>
    private static void EdgeTile(
        int kc, float* aPanel, float* bPanel, float* c, int rows, int cols, in GemmProblem problem, bool first, float* tile)
    {
        var nr = TKernel.Nr;
        var readsC = !first || problem.Beta != 0f;
        if (readsC)
        {
            for (var r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(c + ((long)r * problem.Ldc), cols).CopyTo(new Span<float>(tile + (r * nr), cols));
            }
        }

        TKernel.Run(kc, aPanel, bPanel, tile, nr, problem.Alpha, problem.Beta, first);
        for (var r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(c + ((long)r * problem.Ldc), cols));
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
