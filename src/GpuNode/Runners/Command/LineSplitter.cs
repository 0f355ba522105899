namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Cuts a byte stream into '\n'-terminated lines of at most a fixed length, without ever holding more
/// than that: a longer line is skipped to its end and reported once. CRLF endings are accepted.
/// </summary>
internal sealed class LineSplitter(int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[maxLineBytes];
    private int _length;
    private long _skipped = -1;

    /// <summary>Feeds the next chunk of the stream.</summary>
    public void Push(ReadOnlySpan<byte> data, ILineSink sink)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var piece = newline < 0 ? data : data[..newline];
            if (_skipped >= 0)
            {
                _skipped += piece.Length;
            }
            else if (_length + piece.Length > _buffer.Length)
            {
                _skipped = _length + piece.Length;
                _length = 0;
            }
            else
            {
                piece.CopyTo(_buffer.AsSpan(_length));
                _length += piece.Length;
            }

            if (newline < 0)
            {
                return;
            }

            EndLine(sink);
            data = data[(newline + 1)..];
        }
    }

    /// <summary>The stream ended: a last line without a terminator is delivered as it is.</summary>
    public void Complete(ILineSink sink)
    {
        if (_length > 0 || _skipped >= 0)
        {
            EndLine(sink);
        }
    }

    private void EndLine(ILineSink sink)
    {
        if (_skipped >= 0)
        {
            sink.Oversized(_skipped);
            _skipped = -1;
        }
        else
        {
            var line = _buffer.AsSpan(0, _length);
            sink.Line(line.EndsWith("\r"u8) ? line[..^1] : line);
        }

        _length = 0;
    }
}
