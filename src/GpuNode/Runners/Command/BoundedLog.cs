namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// A log file that keeps the tail of a stream within a size bound: when the current file reaches
/// half the limit it becomes <c>NAME.1</c> (replacing the previous one) and a new file starts, so the
/// two files together hold at most the limit and always at least the last half of it.
/// </summary>
internal sealed class BoundedLog : IDisposable
{
    private readonly string _path;
    private readonly long _half;
    private FileStream _file;

    public BoundedLog(string path, long limitBytes)
    {
        _path = path;
        _half = Math.Max(1, limitBytes / 2);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (_file.Length >= _half)
        {
            Rotate();
        }
    }

    /// <summary>The file being written.</summary>
    public string Path => _path;

    /// <summary>Appends bytes, rotating as often as needed.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var room = (int)Math.Min(data.Length, _half - _file.Length);
            _file.Write(data[..room]);
            data = data[room..];
            if (_file.Length >= _half)
            {
                Rotate();
            }
        }
    }

    /// <summary>Pushes buffered bytes to the file.</summary>
    public void Flush() => _file.Flush();

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private void Rotate()
    {
        _file.Dispose();
        File.Move(_path, _path + ".1", overwrite: true);
        _file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }
}
