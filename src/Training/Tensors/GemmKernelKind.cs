namespace SweepCluster.Training.Tensors;

/// <summary>Which managed micro-kernel runs; <see cref="Auto"/> picks the widest the hardware supports.</summary>
internal enum GemmKernelKind
{
    /// <summary>The widest supported kernel: Vector512, else Vector256, else Vector128, else scalar.</summary>
    Auto,

    /// <summary><see cref="GemmKernel512"/>.</summary>
    Vector512,

    /// <summary><see cref="GemmKernel256"/>.</summary>
    Vector256,

    /// <summary><see cref="GemmKernel128"/>.</summary>
    Vector128,

    /// <summary><see cref="GemmKernelScalar"/>.</summary>
    Scalar,
}
