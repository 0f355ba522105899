using System.Text;

namespace SweepCluster.Training.Data;

/// <summary>Opening data files with one clear error for a missing file, and numbered line reading.</summary>
internal static class DataFile
{
    /// <summary>Opens a UTF-8 file (a byte-order mark is skipped).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    public static StreamReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            var full = Path.GetFullPath(path);
            throw new FileNotFoundException(
                full == path ? $"Data file not found: {path}" : $"Data file not found: {path} (looked at {full})", path);
        }

        return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>
    /// The lines of a file with their 1-based numbers. Line breaks are LF, CRLF or a lone CR
    /// (Python's universal newlines, which the reference GLUE readers use).
    /// </summary>
    public static IEnumerable<(int Line, string Text)> ReadLines(string path)
    {
        using var reader = Open(path);
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            yield return (number, number == 1 ? line.TrimStart('\uFEFF') : line);
        }
    }
}
