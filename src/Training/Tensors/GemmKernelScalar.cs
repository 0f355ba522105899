namespace SweepCluster.Training.Tensors;

/// <summary>
/// Portable fallback micro-kernel (4×4 tile) for machines without a usable vector unit. It follows the
/// same per-element arithmetic as the vector kernels (<see cref="MathF.FusedMultiplyAdd"/>), so its
/// results are bitwise identical to theirs.
/// </summary>
internal readonly struct GemmKernelScalar : IGemmMicroKernel
{
    private const int Rows = 4;
    private const int Cols = 4;

    public static int Mr => Rows;

    public static int Nr => Cols;

    public static bool IsSupported => true;

    public static unsafe void Run(
        int kc, float* a, nint rowStride, nint stepStride, float* bp, float* c, int ldc, float alpha, float beta, bool first)
    {
        var acc = stackalloc float[Rows * Cols];
        new Span<float>(acc, Rows * Cols).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < Rows; r++)
            {
                var av = a[(r * rowStride) + (p * stepStride)];
                for (var j = 0; j < Cols; j++)
                {
                    acc[(r * Cols) + j] = MathF.FusedMultiplyAdd(av, bp[j], acc[(r * Cols) + j]);
                }
            }

            bp += Cols;
        }

        for (var r = 0; r < Rows; r++)
        {
            var row = c + (r * ldc);
            for (var j = 0; j < Cols; j++)
            {
                var sum = acc[(r * Cols) + j];
                row[j] = !first ? MathF.FusedMultiplyAdd(alpha, sum, row[j])
                    : beta == 0f ? alpha * sum
                    : MathF.FusedMultiplyAdd(alpha, sum, beta * row[j]);
            }
        }
    }
}
