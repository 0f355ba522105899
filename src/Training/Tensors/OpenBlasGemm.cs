using System.Runtime.InteropServices;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Optional binding to OpenBLAS <c>cblas_sgemm</c>, resolved at run time with
/// <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> so that a missing library is reported by
/// <see cref="IsAvailable"/> instead of failing at the first call.
/// </summary>
internal static unsafe class OpenBlasGemm
{
    private const int CblasRowMajor = 101;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;

    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "openblas"];

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    private static readonly delegate* unmanaged<int, void> SetNumThreads;
    private static readonly Lock ThreadsGate = new();
    private static int _threads;

    static OpenBlasGemm()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm))
            {
                Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
                if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                {
                    SetNumThreads = (delegate* unmanaged<int, void>)setThreads;
                }

                return;
            }

            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Whether an OpenBLAS library exporting <c>cblas_sgemm</c> was found.</summary>
    public static bool IsAvailable => Sgemm != null;

    /// <summary>
    /// Runs a problem with m, n, k ≥ 1 and alpha ≠ 0. OpenBLAS's thread count is process-wide: it is set
    /// to <paramref name="threads"/> whenever that differs from the last value set.
    /// </summary>
    public static void Multiply(in GemmProblem problem, int threads)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("OpenBLAS was not found (install libopenblas0-pthread).");
        }

        if (SetNumThreads != null && Volatile.Read(ref _threads) != threads)
        {
            lock (ThreadsGate)
            {
                SetNumThreads(threads);
                _threads = threads;
            }
        }

        Sgemm(
            CblasRowMajor,
            problem.TransposeA ? CblasTrans : CblasNoTrans,
            problem.TransposeB ? CblasTrans : CblasNoTrans,
            problem.M, problem.N, problem.K,
            problem.Alpha, problem.A, problem.Lda, problem.B, problem.Ldb,
            problem.Beta, problem.C, problem.Ldc);
    }
}
