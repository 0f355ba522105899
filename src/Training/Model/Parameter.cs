namespace SweepCluster.Training.Model;

/// <summary>
/// A trainable tensor: row-major float32 values, their gradient, and the Hugging Face name it is
/// saved under (e.g. <c>bert.encoder.layer.0.attention.self.query.weight</c>).
/// </summary>
public sealed class Parameter
{
    /// <summary>Creates a zero-filled parameter.</summary>
    public Parameter(string name, int[] shape, bool decay)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Shape = shape;
        var size = 1;
        foreach (var d in shape)
        {
            size *= d;
        }

        Data = new float[size];
        Grad = new float[size];
        Decay = decay;
    }

    /// <summary>Hugging Face parameter name.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first. Linear weights are [out, in] as in PyTorch.</summary>
    public int[] Shape { get; }

    /// <summary>Values.</summary>
    public float[] Data { get; }

    /// <summary>Accumulated gradient (zeroed by the optimizer step's caller).</summary>
    public float[] Grad { get; }

    /// <summary>Whether AdamW applies weight decay (false for biases and LayerNorm weights, as in BERT).</summary>
    public bool Decay { get; }
}
