using BiasKernel = SweepCluster.Training.Tensors.Bias;

namespace SweepCluster.Training.Model;

/// <summary>A fully connected layer <c>y = x·Wᵀ + b</c> with W stored [out, in] as in PyTorch.</summary>
internal sealed class Linear
{
    public Linear(string name, int inFeatures, int outFeatures)
    {
        In = inFeatures;
        Out = outFeatures;
        Weight = new Parameter(name + ".weight", [outFeatures, inFeatures], decay: true);
        Bias = new Parameter(name + ".bias", [outFeatures], decay: false);
    }

    public int In { get; }

    public int Out { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    /// <summary>y [rows, Out] = x [rows, In] · Wᵀ + b.</summary>
    public void Forward(GemmRunner gemm, ReadOnlySpan<float> x, int rows, Span<float> y)
    {
        gemm.Multiply(false, true, rows, Out, In, 1f, x, In, Weight.Data, In, 0f, y, Out);
        BiasKernel.AddToRows(y, rows, Bias.Data);
    }

    /// <summary>
    /// Adds dW += dyᵀ·x and db += Σ dy to the parameter gradients, and writes dx = dy·W into
    /// <paramref name="dx"/> (added to it when <paramref name="accumulateDx"/>; skipped when empty).
    /// </summary>
    public void Backward(GemmRunner gemm, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, Span<float> dx, bool accumulateDx)
    {
        gemm.Multiply(true, false, Out, In, rows, 1f, dy, Out, x, In, 1f, Weight.Grad, In);
        BiasKernel.AccumulateGradient(dy, rows, Bias.Grad);
        if (!dx.IsEmpty)
        {
            gemm.Multiply(false, false, rows, In, Out, 1f, dy, Out, Weight.Data, In, accumulateDx ? 1f : 0f, dx, In);
        }
    }
}
