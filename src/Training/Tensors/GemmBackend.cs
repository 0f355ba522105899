namespace SweepCluster.Training.Tensors;

/// <summary>Which implementation <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, GemmOptions)"/> uses.</summary>
public enum GemmBackend
{
    /// <summary>
    /// The built-in cache-blocked SIMD GEMM (the default). Bitwise deterministic for a given machine
    /// whatever <see cref="GemmOptions.Threads"/> is.
    /// </summary>
    Managed,

    /// <summary>
    /// OpenBLAS <c>cblas_sgemm</c>; throws <see cref="InvalidOperationException"/> when no OpenBLAS library
    /// is installed (see <see cref="Gemm.IsOpenBlasAvailable"/>). Its results may differ in the last bits
    /// from <see cref="Managed"/> and, in principle, between OpenBLAS versions and thread counts.
    /// </summary>
    OpenBlas,

    /// <summary><see cref="OpenBlas"/> when it is installed, else <see cref="Managed"/>.</summary>
    Auto,
}
