using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// AVX-512 micro-kernel: a 12×32 tile in 24 <c>Vector512</c> accumulators (32 registers available).
/// </summary>
internal readonly struct GemmKernel512 : IGemmMicroKernel
{
    public static int Mr => 12;

    public static int Nr => 32;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* ap, float* bp, float* c, int ldc, float alpha, float beta, bool first)
    {
        var c0x0 = Vector512<float>.Zero; var c0x1 = Vector512<float>.Zero;
        var c1x0 = Vector512<float>.Zero; var c1x1 = Vector512<float>.Zero;
        var c2x0 = Vector512<float>.Zero; var c2x1 = Vector512<float>.Zero;
        var c3x0 = Vector512<float>.Zero; var c3x1 = Vector512<float>.Zero;
        var c4x0 = Vector512<float>.Zero; var c4x1 = Vector512<float>.Zero;
        var c5x0 = Vector512<float>.Zero; var c5x1 = Vector512<float>.Zero;
        var c6x0 = Vector512<float>.Zero; var c6x1 = Vector512<float>.Zero;
        var c7x0 = Vector512<float>.Zero; var c7x1 = Vector512<float>.Zero;
        var c8x0 = Vector512<float>.Zero; var c8x1 = Vector512<float>.Zero;
        var c9x0 = Vector512<float>.Zero; var c9x1 = Vector512<float>.Zero;
        var c10x0 = Vector512<float>.Zero; var c10x1 = Vector512<float>.Zero;
        var c11x0 = Vector512<float>.Zero; var c11x1 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp + 0);
            var b1 = Vector512.Load(bp + 16);
            var a0 = Vector512.Create(ap[0]);
            c0x0 = Vector512.FusedMultiplyAdd(a0, b0, c0x0);
            c0x1 = Vector512.FusedMultiplyAdd(a0, b1, c0x1);
            var a1 = Vector512.Create(ap[1]);
            c1x0 = Vector512.FusedMultiplyAdd(a1, b0, c1x0);
            c1x1 = Vector512.FusedMultiplyAdd(a1, b1, c1x1);
            var a2 = Vector512.Create(ap[2]);
            c2x0 = Vector512.FusedMultiplyAdd(a2, b0, c2x0);
            c2x1 = Vector512.FusedMultiplyAdd(a2, b1, c2x1);
            var a3 = Vector512.Create(ap[3]);
            c3x0 = Vector512.FusedMultiplyAdd(a3, b0, c3x0);
            c3x1 = Vector512.FusedMultiplyAdd(a3, b1, c3x1);
            var a4 = Vector512.Create(ap[4]);
            c4x0 = Vector512.FusedMultiplyAdd(a4, b0, c4x0);
            c4x1 = Vector512.FusedMultiplyAdd(a4, b1, c4x1);
            var a5 = Vector512.Create(ap[5]);
            c5x0 = Vector512.FusedMultiplyAdd(a5, b0, c5x0);
            c5x1 = Vector512.FusedMultiplyAdd(a5, b1, c5x1);
            var a6 = Vector512.Create(ap[6]);
            c6x0 = Vector512.FusedMultiplyAdd(a6, b0, c6x0);
            c6x1 = Vector512.FusedMultiplyAdd(a6, b1, c6x1);
            var a7 = Vector512.Create(ap[7]);
            c7x0 = Vector512.FusedMultiplyAdd(a7, b0, c7x0);
            c7x1 = Vector512.FusedMultiplyAdd(a7, b1, c7x1);
            var a8 = Vector512.Create(ap[8]);
            c8x0 = Vector512.FusedMultiplyAdd(a8, b0, c8x0);
            c8x1 = Vector512.FusedMultiplyAdd(a8, b1, c8x1);
            var a9 = Vector512.Create(ap[9]);
            c9x0 = Vector512.FusedMultiplyAdd(a9, b0, c9x0);
            c9x1 = Vector512.FusedMultiplyAdd(a9, b1, c9x1);
            var a10 = Vector512.Create(ap[10]);
            c10x0 = Vector512.FusedMultiplyAdd(a10, b0, c10x0);
            c10x1 = Vector512.FusedMultiplyAdd(a10, b1, c10x1);
            var a11 = Vector512.Create(ap[11]);
            c11x0 = Vector512.FusedMultiplyAdd(a11, b0, c11x0);
            c11x1 = Vector512.FusedMultiplyAdd(a11, b1, c11x1);
            ap += 12;
            bp += 32;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        var mode = !first ? GemmStoreMode.Accumulate : beta == 0f ? GemmStoreMode.Overwrite : GemmStoreMode.Scale;
        Store(c0x0, c, va, vb, mode);
        Store(c0x1, c + 16, va, vb, mode);
        Store(c1x0, c + (1 * ldc), va, vb, mode);
        Store(c1x1, c + (1 * ldc) + 16, va, vb, mode);
        Store(c2x0, c + (2 * ldc), va, vb, mode);
        Store(c2x1, c + (2 * ldc) + 16, va, vb, mode);
        Store(c3x0, c + (3 * ldc), va, vb, mode);
        Store(c3x1, c + (3 * ldc) + 16, va, vb, mode);
        Store(c4x0, c + (4 * ldc), va, vb, mode);
        Store(c4x1, c + (4 * ldc) + 16, va, vb, mode);
        Store(c5x0, c + (5 * ldc), va, vb, mode);
        Store(c5x1, c + (5 * ldc) + 16, va, vb, mode);
        Store(c6x0, c + (6 * ldc), va, vb, mode);
        Store(c6x1, c + (6 * ldc) + 16, va, vb, mode);
        Store(c7x0, c + (7 * ldc), va, vb, mode);
        Store(c7x1, c + (7 * ldc) + 16, va, vb, mode);
        Store(c8x0, c + (8 * ldc), va, vb, mode);
        Store(c8x1, c + (8 * ldc) + 16, va, vb, mode);
        Store(c9x0, c + (9 * ldc), va, vb, mode);
        Store(c9x1, c + (9 * ldc) + 16, va, vb, mode);
        Store(c10x0, c + (10 * ldc), va, vb, mode);
        Store(c10x1, c + (10 * ldc) + 16, va, vb, mode);
        Store(c11x0, c + (11 * ldc), va, vb, mode);
        Store(c11x1, c + (11 * ldc) + 16, va, vb, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(Vector512<float> acc, float* c, Vector512<float> alpha, Vector512<float> beta, GemmStoreMode mode)
    {
        var result = mode switch
        {
            GemmStoreMode.Overwrite => alpha * acc,
            GemmStoreMode.Scale => Vector512.FusedMultiplyAdd(alpha, acc, beta * Vector512.Load(c)),
            _ => Vector512.FusedMultiplyAdd(alpha, acc, Vector512.Load(c)),
        };
        result.Store(c);
    }
}
