namespace SweepCluster.Training.Data;

/// <summary>
/// A data file that cannot be read as the expected format. The message starts with
/// <c>path:line:</c> (1-based line) when the problem has a line, e.g.
/// <c>dev.tsv:17: expected 4 tab-separated columns, got 3</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates an exception for <paramref name="path"/>, optionally at a 1-based <paramref name="line"/>.</summary>
    public DataFormatException(string path, int? line, string problem)
        : base(line is null ? $"{path}: {problem}" : $"{path}:{line}: {problem}")
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file (or location) with the problem.</summary>
    public string FilePath { get; }

    /// <summary>1-based line, when known.</summary>
    public int? Line { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }
}
