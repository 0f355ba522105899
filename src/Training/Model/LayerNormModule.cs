using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <summary>A LayerNorm with its scale (<c>.weight</c>) and shift (<c>.bias</c>), neither weight-decayed.</summary>
internal sealed class LayerNormModule
{
    public LayerNormModule(string name, int size, double eps)
    {
        Size = size;
        Eps = (float)eps;
        Gamma = new Parameter(name + ".weight", [size], decay: false);
        Beta = new Parameter(name + ".bias", [size], decay: false);
    }

    public int Size { get; }

    public float Eps { get; }

    public Parameter Gamma { get; }

    public Parameter Beta { get; }

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, Span<float> mean, Span<float> rstd) =>
        LayerNorm.Forward(x, y, rows, Size, Gamma.Data, Beta.Data, Eps, mean, rstd);

    /// <summary>Writes dx (overwriting; may alias dy) and adds the parameter gradients.</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> scratch) =>
        LayerNorm.Backward(x, dy, dx, rows, Size, Gamma.Data, mean, rstd, Gamma.Grad, Beta.Grad, scratch);
}
