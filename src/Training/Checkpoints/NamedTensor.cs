namespace SweepCluster.Training.Checkpoints;

/// <summary>A named float32 tensor as stored in a safetensors file: row-major <paramref name="Data"/> of <paramref name="Shape"/>.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>Number of elements the shape describes (1 for a scalar, shape []).</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        return n;
    }
}
