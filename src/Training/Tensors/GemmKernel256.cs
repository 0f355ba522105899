using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// AVX2 + FMA micro-kernel: a 6×16 tile in 12 <c>Vector256</c> accumulators (16 registers available).
/// </summary>
internal readonly struct GemmKernel256 : IGemmMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, nint rowStride, nint stepStride, float* bp, float* c, int ldc, float alpha, float beta, bool first)
    {
        var c0x0 = Vector256<float>.Zero; var c0x1 = Vector256<float>.Zero;
        var c1x0 = Vector256<float>.Zero; var c1x1 = Vector256<float>.Zero;
        var c2x0 = Vector256<float>.Zero; var c2x1 = Vector256<float>.Zero;
        var c3x0 = Vector256<float>.Zero; var c3x1 = Vector256<float>.Zero;
        var c4x0 = Vector256<float>.Zero; var c4x1 = Vector256<float>.Zero;
        var c5x0 = Vector256<float>.Zero; var c5x1 = Vector256<float>.Zero;
        var a0 = a;
        var a1 = a + (1 * rowStride);
        var a2 = a + (2 * rowStride);
        var a3 = a + (3 * rowStride);
        var a4 = a + (4 * rowStride);
        var a5 = a + (5 * rowStride);
        nint offset = 0;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(bp + 0);
            var b1 = Vector256.Load(bp + 8);
            var va0 = Vector256.Create(a0[offset]);
            c0x0 = Vector256.FusedMultiplyAdd(va0, b0, c0x0);
            c0x1 = Vector256.FusedMultiplyAdd(va0, b1, c0x1);
            var va1 = Vector256.Create(a1[offset]);
            c1x0 = Vector256.FusedMultiplyAdd(va1, b0, c1x0);
            c1x1 = Vector256.FusedMultiplyAdd(va1, b1, c1x1);
            var va2 = Vector256.Create(a2[offset]);
            c2x0 = Vector256.FusedMultiplyAdd(va2, b0, c2x0);
            c2x1 = Vector256.FusedMultiplyAdd(va2, b1, c2x1);
            var va3 = Vector256.Create(a3[offset]);
            c3x0 = Vector256.FusedMultiplyAdd(va3, b0, c3x0);
            c3x1 = Vector256.FusedMultiplyAdd(va3, b1, c3x1);
            var va4 = Vector256.Create(a4[offset]);
            c4x0 = Vector256.FusedMultiplyAdd(va4, b0, c4x0);
            c4x1 = Vector256.FusedMultiplyAdd(va4, b1, c4x1);
            var va5 = Vector256.Create(a5[offset]);
            c5x0 = Vector256.FusedMultiplyAdd(va5, b0, c5x0);
            c5x1 = Vector256.FusedMultiplyAdd(va5, b1, c5x1);
            offset += stepStride;
            bp += 16;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        var mode = !first ? GemmStoreMode.Accumulate : beta == 0f ? GemmStoreMode.Overwrite : GemmStoreMode.Scale;
        Store(c0x0, c, va, vb, mode);
        Store(c0x1, c + 8, va, vb, mode);
        Store(c1x0, c + (1 * ldc), va, vb, mode);
        Store(c1x1, c + (1 * ldc) + 8, va, vb, mode);
        Store(c2x0, c + (2 * ldc), va, vb, mode);
        Store(c2x1, c + (2 * ldc) + 8, va, vb, mode);
        Store(c3x0, c + (3 * ldc), va, vb, mode);
        Store(c3x1, c + (3 * ldc) + 8, va, vb, mode);
        Store(c4x0, c + (4 * ldc), va, vb, mode);
        Store(c4x1, c + (4 * ldc) + 8, va, vb, mode);
        Store(c5x0, c + (5 * ldc), va, vb, mode);
        Store(c5x1, c + (5 * ldc) + 8, va, vb, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(Vector256<float> acc, float* c, Vector256<float> alpha, Vector256<float> beta, GemmStoreMode mode)
    {
        var result = mode switch
        {
            GemmStoreMode.Overwrite => alpha * acc,
            GemmStoreMode.Scale => Vector256.FusedMultiplyAdd(alpha, acc, beta * Vector256.Load(c)),
            _ => Vector256.FusedMultiplyAdd(alpha, acc, Vector256.Load(c)),
        };
        result.Store(c);
    }
}
