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
    public static unsafe void Run(int kc, float* ap, float* bp, float* c, int ldc, float alpha, float beta, bool first)
    {
        var c0x0 = Vector128<float>.Zero; var c0x1 = Vector128<float>.Zero;
        var c1x0 = Vector128<float>.Zero; var c1x1 = Vector128<float>.Zero;
        var c2x0 = Vector128<float>.Zero; var c2x1 = Vector128<float>.Zero;
        var c3x0 = Vector128<float>.Zero; var c3x1 = Vector128<float>.Zero;
        var c4x0 = Vector128<float>.Zero; var c4x1 = Vector128<float>.Zero;
        var c5x0 = Vector128<float>.Zero; var c5x1 = Vector128<float>.Zero;
        var c6x0 = Vector128<float>.Zero; var c6x1 = Vector128<float>.Zero;
        var c7x0 = Vector128<float>.Zero; var c7x1 = Vector128<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(bp + 0);
            var b1 = Vector128.Load(bp + 4);
            var a0 = Vector128.Create(ap[0]);
            c0x0 = Vector128.FusedMultiplyAdd(a0, b0, c0x0);
            c0x1 = Vector128.FusedMultiplyAdd(a0, b1, c0x1);
            var a1 = Vector128.Create(ap[1]);
            c1x0 = Vector128.FusedMultiplyAdd(a1, b0, c1x0);
            c1x1 = Vector128.FusedMultiplyAdd(a1, b1, c1x1);
            var a2 = Vector128.Create(ap[2]);
            c2x0 = Vector128.FusedMultiplyAdd(a2, b0, c2x0);
            c2x1 = Vector128.FusedMultiplyAdd(a2, b1, c2x1);
            var a3 = Vector128.Create(ap[3]);
            c3x0 = Vector128.FusedMultiplyAdd(a3, b0, c3x0);
            c3x1 = Vector128.FusedMultiplyAdd(a3, b1, c3x1);
            var a4 = Vector128.Create(ap[4]);
            c4x0 = Vector128.FusedMultiplyAdd(a4, b0, c4x0);
            c4x1 = Vector128.FusedMultiplyAdd(a4, b1, c4x1);
            var a5 = Vector128.Create(ap[5]);
            c5x0 = Vector128.FusedMultiplyAdd(a5, b0, c5x0);
            c5x1 = Vector128.FusedMultiplyAdd(a5, b1, c5x1);
            var a6 = Vector128.Create(ap[6]);
            c6x0 = Vector128.FusedMultiplyAdd(a6, b0, c6x0);
            c6x1 = Vector128.FusedMultiplyAdd(a6, b1, c6x1);
            var a7 = Vector128.Create(ap[7]);
            c7x0 = Vector128.FusedMultiplyAdd(a7, b0, c7x0);
            c7x1 = Vector128.FusedMultiplyAdd(a7, b1, c7x1);
            ap += 8;
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
