using System.Text;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>The last few lines of a stream (each cut to a readable length), for failure messages. Thread-safe.</summary>
internal sealed class LineTail(int maxLines, int maxLineChars) : ILineSink
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public void Line(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line.Length > maxLineChars * 4 ? line[..(maxLineChars * 4)] : line);
        text = text.Length > maxLineChars ? text[..maxLineChars] + "…" : text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(text);
            while (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <inheritdoc/>
    public void Oversized(long bytes) => Line(Encoding.UTF8.GetBytes($"[a line of {bytes} bytes]"));

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
