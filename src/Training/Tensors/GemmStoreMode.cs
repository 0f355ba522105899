namespace SweepCluster.Training.Tensors;

/// <summary>How a micro-kernel writes its accumulator <c>acc</c> into an element <c>c</c> of C.</summary>
internal enum GemmStoreMode
{
    /// <summary>First k-block with beta = 0: <c>c = alpha · acc</c>; the old C is never read (BLAS semantics).</summary>
    Overwrite,

    /// <summary>First k-block with beta ≠ 0: <c>c = fma(alpha, acc, beta · c)</c>.</summary>
    Scale,

    /// <summary>Later k-blocks: <c>c = fma(alpha, acc, c)</c>.</summary>
    Accumulate,
}
