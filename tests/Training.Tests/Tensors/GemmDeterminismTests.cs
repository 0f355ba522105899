using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

/// <summary>
/// The managed GEMM promises bitwise-identical results for any thread count and any micro-kernel
/// (vector width), because every element sees the same fused multiply-adds in the same order.
/// </summary>
public sealed class GemmDeterminismTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (200, 96, 120),  // split by rows
        (24, 600, 160),  // split by columns
        (61, 67, 700),   // edge tiles and several k-blocks
        (500, 33, 130),  // more rows than one row block
    ];

    public static TheoryData<bool, bool> Transposes() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Fact]
    public void Plan_TestShapesOnSeveralThreads_SplitBothByRowsAndByColumns()
    {
        // Guards the bitwise test below against vacuity: its shapes really are cut into stripes,
        // both ways, rather than run on one thread.
        var plans = Shapes.Select(s => ManagedGemm.Plan(GemmKernelKind.Auto, s.M, s.N, s.K, 3)).ToArray();

        Assert.All(plans, plan => Assert.True(plan.Parts > 1));
        Assert.Contains(plans, plan => plan.SplitRows);
        Assert.Contains(plans, plan => !plan.SplitRows);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Multiply_OneTwoThreeThreads_BitwiseIdentical(bool transposeA, bool transposeB)
    {
        foreach (var (m, n, k) in Shapes)
        {
            // Correctness is GemmTests' business; here only equality across thread counts matters.
            var gemm = new GemmCase(transposeA, transposeB, m, n, k, extraStride: 1);
            var single = gemm.Run(0.75f, 0.5f, GemmOptions.Default);

            foreach (var threads in new[] { 2, 3 })
            {
                var parallel = gemm.Run(0.75f, 0.5f, new GemmOptions { Threads = threads });

                Assert.True(single.AsSpan().SequenceEqual(parallel), $"{m}×{n}×{k} differs on {threads} threads");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Multiply_EverySupportedKernel_BitwiseIdentical(bool transposeA, bool transposeB)
    {
        var kernels = new[] { GemmKernelKind.Vector512, GemmKernelKind.Vector256, GemmKernelKind.Vector128, GemmKernelKind.Scalar }
            .Where(ManagedGemm.IsSupported)
            .ToArray();
        foreach (var (m, n, k) in new[] { (13, 67, 300), (37, 20, 129), (64, 64, 64) })
        {
            var gemm = new GemmCase(transposeA, transposeB, m, n, k);
            var scalar = gemm.Run(1f, 1f, new GemmOptions { Kernel = GemmKernelKind.Scalar });
            gemm.AssertMatchesReference(1f, 1f, scalar);

            foreach (var kernel in kernels)
            {
                var result = gemm.Run(1f, 1f, new GemmOptions { Kernel = kernel, Threads = 2 });

                Assert.True(scalar.AsSpan().SequenceEqual(result), $"{m}×{n}×{k} differs with {kernel}");
            }
        }
    }
}
