using SweepCluster.TestKit;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public sealed class OpenBlasGemmTests
{
    private static readonly GemmOptions OpenBlas = new() { Backend = GemmBackend.OpenBlas };

    [RequiresOpenBlasTheory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Multiply_OpenBlasBackend_MatchesReferenceWithinRoundingBound(bool transposeA, bool transposeB)
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (37, 53, 71), (64, 130, 20), (25, 65, 257) })
        {
            var gemm = new GemmCase(transposeA, transposeB, m, n, k, extraStride: 3);

            var c = gemm.Run(0.5f, -1.5f, OpenBlas);

            gemm.AssertMatchesReference(0.5f, -1.5f, c);
        }
    }

    [RequiresOpenBlasFact]
    public void Multiply_OpenBlasBetaZeroWithNaNInC_OverwritesC()
    {
        var gemm = new GemmCase(true, false, 37, 53, 71, extraStride: 2);
        gemm.FillC(float.NaN);

        var c = gemm.Run(1f, 0f, OpenBlas);

        gemm.AssertMatchesReference(1f, 0f, c);
    }

    [RequiresOpenBlasFact]
    public void Multiply_AutoBackendWithOpenBlasInstalled_UsesOpenBlas()
    {
        var gemm = new GemmCase(false, true, 64, 96, 300);

        var auto = gemm.Run(1f, 0f, new GemmOptions { Backend = GemmBackend.Auto });
        var openBlas = gemm.Run(1f, 0f, OpenBlas);

        Assert.True(auto.AsSpan().SequenceEqual(openBlas));
    }

    [RequiresOpenBlasFact]
    public void Multiply_OpenBlasTwoThreads_MatchesReference()
    {
        var gemm = new GemmCase(false, false, 200, 150, 100);

        var c = gemm.Run(1f, 1f, OpenBlas with { Threads = 2 });

        gemm.AssertMatchesReference(1f, 1f, c);
    }
}
