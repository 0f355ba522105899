using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (2, 3, 4), (12, 32, 1), (13, 33, 2), (11, 31, 5), (37, 53, 71), (64, 64, 64),
        (24, 64, 256), (25, 65, 257), (7, 9, 600), (128, 512, 64), (5, 200, 3), (200, 5, 300),
        (481, 40, 10), (3, 1030, 4),
    ];

    public static TheoryData<bool, bool, int, int, int> AllVariants()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        foreach (var (m, n, k) in Shapes)
        {
            foreach (var transposeA in new[] { false, true })
            {
                foreach (var transposeB in new[] { false, true })
                {
                    data.Add(transposeA, transposeB, m, n, k);
                }
            }
        }

        return data;
    }

    public static TheoryData<bool, bool> Transposes() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(AllVariants))]
    public void Multiply_TransposeVariantAndShape_MatchesReferenceWithinRoundingBound(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var gemm = new GemmCase(transposeA, transposeB, m, n, k);

        var c = gemm.Run(1f, 0f, GemmOptions.Default);

        gemm.AssertMatchesReference(1f, 0f, c);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Multiply_StridesWiderThanRowsWithNaNPadding_IgnoresAndPreservesPadding(bool transposeA, bool transposeB)
    {
        foreach (var (m, n, k) in new[] { (37, 53, 71), (12, 32, 16), (30, 70, 300) })
        {
            var gemm = new GemmCase(transposeA, transposeB, m, n, k, extraStride: 5);

            var c = gemm.Run(0.5f, -1.5f, GemmOptions.Default);

            gemm.AssertMatchesReference(0.5f, -1.5f, c);
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Multiply_BetaZeroWithNaNInC_OverwritesC(bool transposeA, bool transposeB)
    {
        var gemm = new GemmCase(transposeA, transposeB, 37, 53, 300, extraStride: 2);
        gemm.FillC(float.NaN);

        var c = gemm.Run(1f, 0f, GemmOptions.Default);

        gemm.AssertMatchesReference(1f, 0f, c);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Multiply_BetaOne_AccumulatesIntoC(bool transposeA, bool transposeB)
    {
        var gemm = new GemmCase(transposeA, transposeB, 29, 41, 530);

        var c = gemm.Run(1f, 1f, GemmOptions.Default);

        gemm.AssertMatchesReference(1f, 1f, c);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_ALargeEnoughToBePrefetched_MatchesReference(bool transposeB)
    {
        // m · lda above GemmBlocking.PrefetchAFloats takes the software-prefetch path.
        var gemm = new GemmCase(false, transposeB, 600, 20, 450);
        Assert.True((long)gemm.M * gemm.Lda > GemmBlocking.PrefetchAFloats);

        var c = gemm.Run(1f, 0f, GemmOptions.Default);

        gemm.AssertMatchesReference(1f, 0f, c);
    }

    [Fact]
    public void Multiply_GeneralAlphaBeta_MatchesReference()
    {
        var gemm = new GemmCase(false, true, 50, 70, 90);

        var c = gemm.Run(0.5f, 0.25f, GemmOptions.Default);

        gemm.AssertMatchesReference(0.5f, 0.25f, c);
    }

    [Fact]
    public void Multiply_KZero_ScalesCByBeta()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];

        Gemm.Multiply(false, false, 2, 3, 0, 1f, [], 0, [], 3, 0.5f, c, 3);

        Assert.Equal([0.5f, 1f, 1.5f, 2f, 2.5f, 3f], c);
    }

    [Fact]
    public void Multiply_KZeroAndBetaZeroWithNaNInC_ZeroesC()
    {
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];

        Gemm.Multiply(true, true, 2, 2, 0, 1f, [], 2, [], 0, 0f, c, 2);

        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void Multiply_AlphaZero_DoesNotReadAOrB()
    {
        float[] a = [float.NaN, float.NaN];
        float[] b = [float.NaN, float.NaN];
        float[] c = [1f, 2f, 3f, 4f];

        Gemm.Multiply(false, false, 2, 2, 1, 0f, a, 1, b, 2, 2f, c, 2);

        Assert.Equal([2f, 4f, 6f, 8f], c);
    }

    [Fact]
    public void Multiply_HandWorked2x2_ExactProduct()
    {
        float[] a = [1f, 2f, 3f, 4f];
        float[] b = [5f, 6f, 7f, 8f];
        var c = new float[4];

        Gemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);

        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    public void Multiply_EmptyOutput_LeavesCUntouched(int m, int n)
    {
        float[] c = [7f, 7f];

        Gemm.Multiply(false, false, m, n, 3, 1f, new float[15], 3, new float[15], n, 0f, c, n);

        Assert.Equal([7f, 7f], c);
    }

    [Fact]
    public void Multiply_BufferTooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 3, 3, 3, 1f, new float[8], 3, new float[9], 3, 0f, new float[9], 3));

        Assert.Equal("a", ex.ParamName);
    }

    [Fact]
    public void Multiply_StrideSmallerThanRow_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(true, false, 3, 4, 2, 1f, new float[6], 3, new float[8], 4, 0f, new float[12], 3));

        Assert.Equal("ldc", ex.ParamName);
    }

    [Fact]
    public void Multiply_SteadyStateSingleThread_AllocatesNothing()
    {
        var gemm = new GemmCase(true, true, 45, 70, 300);
        var c = (float[])gemm.C.Clone();
        void Call() => Gemm.Multiply(true, true, 45, 70, 300, 1f, gemm.A, gemm.Lda, gemm.B, gemm.Ldb, 0.5f, c, gemm.Ldc);
        Call();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Call();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Multiply_ZeroThreads_Throws()
    {
        var options = new GemmOptions { Threads = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(false, false, 1, 1, 1, 1f, [1f], 1, [1f], 1, 0f, new float[1], 1, options));
    }
}
