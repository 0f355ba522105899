using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// 128-bit micro-kernel (ARM64 NEON, or x64 SSE with FMA): an 8×8 tile in 16 <c>Vector128</c> accumulators.
/// </summary>
internal readonly struct GemmKernel128 : IGemmMicroKernel
{
    public static int Mr => 8;

    public static int Nr => 8;

    public static bool IsSupported => Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, nint rowStride, nint stepStride, float* bp, float* c, int ldc, float alpha, float beta, bool first)
    {
        var c0x0 = Vector128<float>.Zero; var c0x1 = Vector128<float>.Zero;
        var c1x0 = Vector128<float>.Zero; var c1x1 = Vector128<float>.Zero;
        var c2x0 = Vector128<float>.Zero; var c2x1 = Vector128<float>.Zero;
        var c3x0 = Vector128<float>.Zero; var c3x1 = Vector128<float>.Zero;
        var c4x0 = Vector128<float>.Zero; var c4x1 = Vector128<float>.Zero;
        var c5x0 = Vector128<float>.Zero; var c5x1 = Vector128<float>.Zero;
        var c6x0 = Vector128<float>.Zero; var c6x1 = Vector128<float>.Zero;
        var c7x0 = Vector128<float>.Zero; var c7x1 = Vector128<float>.Zero;
        var a0 = a;
        var a1 = a + (1 * rowStride);
        var a2 = a + (2 * rowStride);
        var a3 = a + (3 * rowStride);
        var a4 = a + (4 * rowStride);
        var a5 = a + (5 * rowStride);
        var a6 = a + (6 * rowStride);
        var a7 = a + (7 * rowStride);
        nint offset = 0;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(bp + 0);
            var b1 = Vector128.Load(bp + 4);
            var va0 = Vector128.Create(a0[offset]);
            c0x0 = Vector128.FusedMultiplyAdd(va0, b0, c0x0);
            c0x1 = Vector128.FusedMultiplyAdd(va0, b1, c0x1);
            var va1 = Vector128.Create(a1[offset]);
            c1x0 = Vector128.FusedMultiplyAdd(va1, b0, c1x0);
            c1x1 = Vector128.FusedMultiplyAdd(va1, b1, c1x1);
            var va2 = Vector128.Create(a2[offset]);
            c2x0 = Vector128.FusedMultiplyAdd(va2, b0, c2x0);
            c2x1 = Vector128.FusedMultiplyAdd(va2, b1, c2x1);
            var va3 = Vector128.Create(a3[offset]);
            c3x0 = Vector128.FusedMultiplyAdd(va3, b0, c3x0);
            c3x1 = Vector128.FusedMultiplyAdd(va3, b1, c3x1);
            var va4 = Vector128.Create(a4[offset]);
            c4x0 = Vector128.FusedMultiplyAdd(va4, b0, c4x0);
            c4x1 = Vector128.FusedMultiplyAdd(va4, b1, c4x1);
            var va5 = Vector128.Create(a5[offset]);
            c5x0 = Vector128.FusedMultiplyAdd(va5, b0, c5x0);
            c5x1 = Vector128.FusedMultiplyAdd(va5, b1, c5x1);
            var va6 = Vector128.Create(a6[offset]);
            c6x0 = Vector128.FusedMultiplyAdd(va6, b0, c6x0);
            c6x1 = Vector128.FusedMultiplyAdd(va6, b1, c6x1);
            var va7 = Vector128.Create(a7[offset]);
            c7x0 = Vector128.FusedMultiplyAdd(va7, b0, c7x0);
            c7x1 = Vector128.FusedMultiplyAdd(va7, b1, c7x1);
            offset += stepStride;
            bp += 8;
        }

        var va = Vector128.Create(alpha);
        var vb = Vector128.Create(beta);
        var mode = !first ? GemmStoreMode.Accumulate : beta == 0f ? GemmStoreMode.Overwrite : GemmStoreMode.Scale;
        Store(c0x0, c, va, vb, mode);
        Store(c0x1, c + 4, va, vb, mode);
        Store(c1x0, c + (1 * ldc), va, vb, mode);
        Store(c1x1, c + (1 * ldc) + 4, va, vb, mode);
        Store(c2x0, c + (2 * ldc), va, vb, mode);
        Store(c2x1, c + (2 * ldc) + 4, va, vb, mode);
        Store(c3x0, c + (3 * ldc), va, vb, mode);
        Store(c3x1, c + (3 * ldc) + 4, va, vb, mode);
        Store(c4x0, c + (4 * ldc), va, vb, mode);
        Store(c4x1, c + (4 * ldc) + 4, va, vb, mode);
        Store(c5x0, c + (5 * ldc), va, vb, mode);
        Store(c5x1, c + (5 * ldc) + 4, va, vb, mode);
        Store(c6x0, c + (6 * ldc), va, vb, mode);
        Store(c6x1, c + (6 * ldc) + 4, va, vb, mode);
        Store(c7x0, c + (7 * ldc), va, vb, mode);
        Store(c7x1, c + (7 * ldc) + 4, va, vb, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(Vector128<float> acc, float* c, Vector128<float> alpha, Vector128<float> beta, GemmStoreMode mode)
    {
        var result = mode switch
        {
            GemmStoreMode.Overwrite => alpha * acc,
            GemmStoreMode.Scale => Vector128.FusedMultiplyAdd(alpha, acc, beta * Vector128.Load(c)),
            _ => Vector128.FusedMultiplyAdd(alpha, acc, Vector128.Load(c)),
        };
        result.Store(c);
    }
}
