using System.Runtime.CompilerServices;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panel layouts the
/// micro-kernels stream through: A as groups of Mr values per k step, B as groups of Nr values.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [row0, row0 + rows) and k-range [p0, p0 + kc) of op(A) into consecutive Mr×kc
    /// micro-panels; rows past the end of a panel are zero.
    /// </summary>
    public static void PackA<TKernel>(in GemmProblem problem, int row0, int rows, int p0, int kc, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        var mr = TKernel.Mr;
        for (var ir = 0; ir < rows; ir += mr)
        {
            var valid = Math.Min(mr, rows - ir);
            var panel = dst + ((long)ir * kc);
            if (problem.TransposeA)
            {
                // op(A)[i, p] = A[p, i]: each k step is a contiguous run of rows.
                var src = problem.A + ((long)p0 * problem.Lda) + row0 + ir;
                for (var p = 0; p < kc; p++)
                {
                    CopyPadded(src + ((long)p * problem.Lda), panel + ((long)p * mr), valid, mr);
                }
            }
            else
            {
                // op(A)[i, p] = A[i, p]: read each row contiguously, scatter with stride Mr.
                for (var r = 0; r < valid; r++)
                {
                    var src = problem.A + ((long)(row0 + ir + r) * problem.Lda) + p0;
                    var d = panel + r;
                    for (var p = 0; p < kc; p++)
                    {
                        d[(long)p * mr] = src[p];
                    }
                }

                ZeroTail(panel, kc, valid, mr);
            }
        }
    }

    /// <summary>
    /// Packs columns [col0, col0 + cols) and k-range [p0, p0 + kc) of op(B) into consecutive kc×Nr
    /// micro-panels; columns past the end of a panel are zero.
    /// </summary>
    public static void PackB<TKernel>(in GemmProblem problem, int col0, int cols, int p0, int kc, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        var nr = TKernel.Nr;
        for (var jr = 0; jr < cols; jr += nr)
        {
            var valid = Math.Min(nr, cols - jr);
            var panel = dst + ((long)jr * kc);
            if (!problem.TransposeB)
            {
                // op(B)[p, j] = B[p, j]: each k step is a contiguous run of columns.
                var src = problem.B + ((long)p0 * problem.Ldb) + col0 + jr;
                for (var p = 0; p < kc; p++)
                {
                    CopyPadded(src + ((long)p * problem.Ldb), panel + ((long)p * nr), valid, nr);
                }
            }
            else
            {
                // op(B)[p, j] = B[j, p]: read each stored row contiguously, scatter with stride Nr.
                for (var j = 0; j < valid; j++)
                {
                    var src = problem.B + ((long)(col0 + jr + j) * problem.Ldb) + p0;
                    var d = panel + j;
                    for (var p = 0; p < kc; p++)
                    {
                        d[(long)p * nr] = src[p];
                    }
                }

                ZeroTail(panel, kc, valid, nr);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int valid, int width)
    {
        new ReadOnlySpan<float>(src, valid).CopyTo(new Span<float>(dst, valid));
        if (valid < width)
        {
            new Span<float>(dst + valid, width - valid).Clear();
        }
    }

    private static void ZeroTail(float* panel, int kc, int valid, int width)
    {
        if (valid == width)
        {
            return;
        }

        for (var p = 0; p < kc; p++)
        {
            new Span<float>(panel + ((long)p * width) + valid, width - valid).Clear();
        }
    }
}
