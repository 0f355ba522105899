namespace SweepCluster.Training.Tensors;

/// <summary>How a GEMM call runs: backend and thread budget. Immutable; share one instance per trial.</summary>
public sealed record GemmOptions
{
    /// <summary>Single-threaded managed GEMM.</summary>
    public static GemmOptions Default { get; } = new();

    /// <summary>
    /// Threads one call may use (default 1). The managed backend splits C into fixed stripes, never k,
    /// so its results are bitwise identical for every value. For OpenBLAS the count is process-wide
    /// (<c>openblas_set_num_threads</c>) and is set on each call that asks for a different one.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Implementation to use (default <see cref="GemmBackend.Managed"/>).</summary>
    public GemmBackend Backend { get; init; } = GemmBackend.Managed;

    /// <summary>Managed micro-kernel to use (default: the widest the CPU supports). For tests.</summary>
    internal GemmKernelKind Kernel { get; init; } = GemmKernelKind.Auto;

    /// <summary>Throws when a property is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        if (Backend is < GemmBackend.Managed or > GemmBackend.Auto)
        {
            throw new ArgumentOutOfRangeException(nameof(Backend), Backend, "Unknown GEMM backend.");
        }

        if (!ManagedGemm.IsSupported(Kernel))
        {
            throw new PlatformNotSupportedException($"The {Kernel} GEMM kernel is not supported on this CPU.");
        }
    }
}
