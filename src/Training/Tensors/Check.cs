namespace SweepCluster.Training.Tensors;

/// <summary>Argument checks shared by the kernels (cheap, once per call, never per element).</summary>
internal static class Check
{
    public static void SameLength(int expected, int actual, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
        }
    }

    public static void AtLeast(int required, int actual, string name)
    {
        if (actual < required)
        {
            throw new ArgumentException($"Expected length at least {required}, got {actual}.", name);
        }
    }
}
