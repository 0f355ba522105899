namespace SweepCluster.Training.Tensors;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies an <see cref="Mr"/>×kc packed panel of A by a
/// kc×<see cref="Nr"/> packed panel of B and stores the <see cref="Mr"/>×<see cref="Nr"/> tile into C.
/// </summary>
/// <remarks>
/// Every implementation must compute each output element with the same arithmetic: one float
/// accumulator per element, starting at zero, updated by a fused multiply-add for p = 0, 1, …, kc−1
/// in order, then stored as described by <see cref="GemmStoreMode"/>. That contract is what makes
/// results bitwise identical across kernels (vector widths), tile positions and thread counts.
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the tile (and of a packed A micro-panel).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the tile (and of a packed B micro-panel).</summary>
    static abstract int Nr { get; }

    /// <summary>Whether the kernel runs in hardware on this machine.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// Computes the tile. Element (r, p) of the A panel is <c>a[r · rowStride + p · stepStride]</c>: a packed
    /// panel has strides (1, Mr), a non-transposed A read in place has (lda, 1). <paramref name="bp"/> holds
    /// kc groups of <see cref="Nr"/> values (packed B, row by row). <paramref name="first"/> is true for the
    /// first k-block, where beta applies.
    /// </summary>
    static abstract unsafe void Run(
        int kc, float* a, nint rowStride, nint stepStride, float* bp, float* c, int ldc, float alpha, float beta, bool first);
}
