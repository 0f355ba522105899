using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panel layouts the
/// micro-kernels stream through: A as groups of Mr values per k step, B as groups of Nr values.
/// </summary>
/// <remarks>
/// A is not packed: a full Mr-row panel is read in place (the kernel takes its row and k strides), so
/// only a trailing partial panel is copied and zero-padded. Each A panel is used once per B panel and
/// streams from L2 either way; measured, packing it cost more than it saved. B is always packed: its
/// kc×Nr micro-panel is reused from L1 by every A panel, and in place its rows would be a large
/// power-of-two stride apart and collide in the cache.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs a partial panel, rows [row0, row0 + rows) with rows &lt; Mr and k-range [p0, p0 + kc) of
    /// op(A), into an Mr×kc micro-panel with the missing rows zero. Full panels are read in place.
    /// </summary>
    public static void PackPartialA<TKernel>(in GemmProblem problem, int row0, int rows, int p0, int kc, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        var mr = TKernel.Mr;
        if (problem.TransposeA)
        {
            // op(A)[i, p] = A[p, i]: each k step is a contiguous run of rows.
            var src = problem.A + ((long)p0 * problem.Lda) + row0;
            for (var p = 0; p < kc; p++)
            {
                CopyPadded(src + ((long)p * problem.Lda), dst + ((long)p * mr), rows, mr);
            }

            return;
        }

        // op(A)[i, p] = A[i, p]: read each row contiguously, scatter with stride Mr.
        for (var r = 0; r < rows; r++)
        {
            var src = problem.A + ((long)(row0 + r) * problem.Lda) + p0;
            var d = dst + r;
            for (var p = 0; p < kc; p++)
            {
                d[(long)p * mr] = src[p];
            }
        }

        ZeroTail(dst, kc, rows, mr);
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
                // op(B)[p, j] = B[j, p]: a transpose of the stored rows.
                var src = problem.B + ((long)(col0 + jr) * problem.Ldb) + p0;
                Transpose(src, problem.Ldb, valid, kc, panel, nr);
                ZeroTail(panel, kc, valid, nr);
            }
        }
    }

    /// <summary>dst[p · ldd + j] = src[j · lds + p] for j &lt; rows, p &lt; cols.</summary>
    private static void Transpose(float* src, int lds, int rows, int cols, float* dst, int ldd)
    {
        var j = 0;
        if (Sse.IsSupported)
        {
            for (; j + 4 <= rows; j += 4)
            {
                var s0 = src + ((long)j * lds);
                var s1 = s0 + lds;
                var s2 = s1 + lds;
                var s3 = s2 + lds;
                var p = 0;
                for (; p + 4 <= cols; p += 4)
                {
                    var t0 = Sse.UnpackLow(Vector128.Load(s0 + p), Vector128.Load(s1 + p));
                    var t1 = Sse.UnpackHigh(Vector128.Load(s0 + p), Vector128.Load(s1 + p));
                    var t2 = Sse.UnpackLow(Vector128.Load(s2 + p), Vector128.Load(s3 + p));
                    var t3 = Sse.UnpackHigh(Vector128.Load(s2 + p), Vector128.Load(s3 + p));
                    var d = dst + ((long)p * ldd) + j;
                    Sse.MoveLowToHigh(t0, t2).Store(d);
                    Sse.MoveHighToLow(t2, t0).Store(d + ldd);
                    Sse.MoveLowToHigh(t1, t3).Store(d + (2 * ldd));
                    Sse.MoveHighToLow(t3, t1).Store(d + (3 * ldd));
                }

                for (; p < cols; p++)
                {
                    var d = dst + ((long)p * ldd) + j;
                    d[0] = s0[p];
                    d[1] = s1[p];
                    d[2] = s2[p];
                    d[3] = s3[p];
                }
            }
        }

        for (; j < rows; j++)
        {
            var s = src + ((long)j * lds);
            for (var p = 0; p < cols; p++)
            {
                dst[((long)p * ldd) + j] = s[p];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int valid, int width)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= valid; i += 16)
            {
                Vector512.Load(src + i).Store(dst + i);
            }
        }

        for (; i + 8 <= valid; i += 8)
        {
            Vector256.Load(src + i).Store(dst + i);
        }

        for (; i + 4 <= valid; i += 4)
        {
            Vector128.Load(src + i).Store(dst + i);
        }

        for (; i < valid; i++)
        {
            dst[i] = src[i];
        }

        for (; i < width; i++)
        {
            dst[i] = 0f;
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
