namespace SweepCluster.Training.Data;

/// <summary>A 1-based line of a data file, printed as <c>path:line</c>.</summary>
public readonly record struct SourceLine(string Path, int Line)
{
    /// <summary><c>path:line</c>.</summary>
    public override string ToString() => $"{Path}:{Line}";
}
