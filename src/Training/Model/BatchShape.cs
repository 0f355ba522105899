namespace SweepCluster.Training.Model;

/// <summary>The dimensions of the batch being processed.</summary>
internal readonly record struct BatchShape(int Batch, int Seq)
{
    public int Tokens => Batch * Seq;
}
