namespace SweepCluster.Training.Tensors;

/// <summary>
/// The managed GEMM: picks a micro-kernel and splits C into a fixed set of row (or column) stripes,
/// one per thread. k is never split, so every element is computed by exactly the same instruction
/// sequence whatever the thread count.
/// </summary>
internal static class ManagedGemm
{
    /// <summary>The kernel <see cref="GemmKernelKind.Auto"/> resolves to on this machine.</summary>
    public static GemmKernelKind BestKernel { get; } =
        GemmKernel512.IsSupported ? GemmKernelKind.Vector512
        : GemmKernel256.IsSupported ? GemmKernelKind.Vector256
        : GemmKernel128.IsSupported ? GemmKernelKind.Vector128
        : GemmKernelKind.Scalar;

    /// <summary>Whether <paramref name="kind"/> can run here.</summary>
    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Auto or GemmKernelKind.Scalar => true,
        GemmKernelKind.Vector512 => GemmKernel512.IsSupported,
        GemmKernelKind.Vector256 => GemmKernel256.IsSupported,
        GemmKernelKind.Vector128 => GemmKernel128.IsSupported,
        _ => false,
    };

    /// <summary>Runs a problem with m, n, k ≥ 1 and alpha ≠ 0 on up to <paramref name="threads"/> threads.</summary>
    public static void Multiply(in GemmProblem problem, int threads, GemmKernelKind kind)
    {
        switch (kind == GemmKernelKind.Auto ? BestKernel : kind)
        {
            case GemmKernelKind.Vector512:
                Run<GemmKernel512>(problem, threads);
                break;
            case GemmKernelKind.Vector256:
                Run<GemmKernel256>(problem, threads);
                break;
            case GemmKernelKind.Vector128:
                Run<GemmKernel128>(problem, threads);
                break;
            default:
                Run<GemmKernelScalar>(problem, threads);
                break;
        }
    }

    private static void Run<TKernel>(GemmProblem problem, int threads)
        where TKernel : struct, IGemmMicroKernel
    {
        if (!TKernel.IsSupported)
        {
            throw new PlatformNotSupportedException($"The {typeof(TKernel).Name} GEMM kernel is not supported on this CPU.");
        }

        var tilesM = (problem.M + TKernel.Mr - 1) / TKernel.Mr;
        var tilesN = (problem.N + TKernel.Nr - 1) / TKernel.Nr;
        var splitRows = tilesM >= tilesN;
        var tiles = splitRows ? tilesM : tilesN;
        var work = (long)problem.M * problem.N * problem.K;
        var parts = work < GemmBlocking.MinParallelWork ? 1 : Math.Min(threads, tiles);
        if (parts <= 1)
        {
            BlockedGemm<TKernel>.Run(problem, 0, problem.M, 0, problem.N);
            return;
        }

        // A fixed, contiguous partition of whole micro-tiles: part i always gets the same stripe.
        var options = new ParallelOptions { MaxDegreeOfParallelism = parts };
        Parallel.For(0, parts, options, part =>
        {
            var first = (int)((long)part * tiles / parts);
            var last = (int)((long)(part + 1) * tiles / parts);
            if (splitRows)
            {
                BlockedGemm<TKernel>.Run(problem, first * TKernel.Mr, Math.Min(problem.M, last * TKernel.Mr), 0, problem.N);
            }
            else
            {
                BlockedGemm<TKernel>.Run(problem, 0, problem.M, first * TKernel.Nr, Math.Min(problem.N, last * TKernel.Nr));
            }
        });
    }
}
