using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SweepCluster.Training.Tensors;

/// <summary>
/// Per-thread scratch memory for packed panels: one pinned array, grown on demand and then reused,
/// so steady-state GEMM calls allocate nothing. The usable region starts on a 64-byte boundary so
/// that 512-bit loads from packed panels never straddle cache lines.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const int AlignFloats = 16;

    [ThreadStatic]
    private static GemmWorkspace? _current;

    private float[] _buffer = [];
    private float* _aligned;
    private long _capacity;

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => _current ??= new GemmWorkspace();

    /// <summary>Rounds a float count up to a multiple of the alignment, for carving one buffer into parts.</summary>
    public static long Round(long floats) => (floats + AlignFloats - 1) / AlignFloats * AlignFloats;

    /// <summary>
    /// Returns at least <paramref name="floats"/> 64-byte-aligned floats, valid until the next call on
    /// this thread. Contents are unspecified.
    /// </summary>
    public float* Get(long floats)
    {
        if (floats > _capacity)
        {
            // Pinned (POH) so the aligned pointer stays valid for the life of the array.
            _buffer = GC.AllocateUninitializedArray<float>(checked((int)(floats + AlignFloats)), pinned: true);
            var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
            _aligned = (float*)((start + 63) & ~(nint)63);
            _capacity = floats;
        }

        return _aligned;
    }
}
