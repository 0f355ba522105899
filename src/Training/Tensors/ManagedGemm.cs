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

        var (parts, splitRows) = Plan<TKernel>(problem.M, problem.N, problem.K, threads);
        if (parts <= 1)
        {
            BlockedGemm<TKernel>.Run(problem, 0, problem.M, 0, problem.N);
            return;
        }

        RunParallel<TKernel>(problem, parts, splitRows);
    }

    /// <summary>Separate from <see cref="Run"/> so that the single-threaded path allocates no closure.</summary>
    private static void RunParallel<TKernel>(GemmProblem problem, int parts, bool splitRows)
        where TKernel : struct, IGemmMicroKernel
    {
        var tiles = splitRows ? (problem.M + TKernel.Mr - 1) / TKernel.Mr : (problem.N + TKernel.Nr - 1) / TKernel.Nr;

        // A fixed, contiguous partition of whole micro-tiles. Which stripe a thread gets changes nothing
        // in the arithmetic of an element, so results do not depend on the partition either.
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

    /// <summary>How many stripes <see cref="Multiply"/> cuts C into, and whether they are row stripes.</summary>
    public static (int Parts, bool SplitRows) Plan(GemmKernelKind kind, int m, int n, int k, int threads) =>
        (kind == GemmKernelKind.Auto ? BestKernel : kind) switch
        {
            GemmKernelKind.Vector512 => Plan<GemmKernel512>(m, n, k, threads),
            GemmKernelKind.Vector256 => Plan<GemmKernel256>(m, n, k, threads),
            GemmKernelKind.Vector128 => Plan<GemmKernel128>(m, n, k, threads),
            _ => Plan<GemmKernelScalar>(m, n, k, threads),
        };

    private static (int Parts, bool SplitRows) Plan<TKernel>(int m, int n, int k, int threads)
        where TKernel : struct, IGemmMicroKernel
    {
        var tilesM = (m + TKernel.Mr - 1) / TKernel.Mr;
        var tilesN = (n + TKernel.Nr - 1) / TKernel.Nr;
        if (threads <= 1 || (long)m * n * k < GemmBlocking.MinParallelWork)
        {
            return (1, true);
        }

        var splitRows = SplitRows<TKernel>(m, n, k, threads, tilesM, tilesN);
        return (Math.Min(threads, splitRows ? tilesM : tilesN), splitRows);
    }

    /// <summary>
    /// Chooses row or column stripes by the slowest thread's estimated cost: its multiply-adds plus the
    /// B elements it packs (each thread packs the B columns it uses; A is read in place), a packed
    /// element counted as about 20 multiply-adds (measured packing vs kernel throughput).
    /// </summary>
    private static bool SplitRows<TKernel>(double m, double n, double k, int parts, int tilesM, int tilesN)
        where TKernel : struct, IGemmMicroKernel
    {
        const double PackCost = 20;
        var rowsPerPart = Math.Min(m, Math.Ceiling((double)tilesM / parts) * TKernel.Mr);
        var colsPerPart = Math.Min(n, Math.Ceiling((double)tilesN / parts) * TKernel.Nr);
        var rowSplit = (rowsPerPart * n * k) + (PackCost * k * n);
        var columnSplit = (m * colsPerPart * k) + (PackCost * k * colsPerPart);
        return rowSplit < columnSplit;
    }
}
