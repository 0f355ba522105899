using System.Buffers;
using Microsoft.Extensions.Logging;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Outbox;

/// <summary>
/// The durable outbox: <c>DIR/NODE.events</c> in <see cref="OutboxFormat"/>, appended through an
/// in-process buffer, and <c>DIR/NODE.lock</c> held exclusively while the node runs (a second node
/// process on the same directory and node id is refused). Opening reads the file, keeps what is still
/// to deliver (<see cref="OutboxRecovery"/>) and rewrites it compacted. Compaction writes a temporary
/// file, fsyncs it, renames it over the log and fsyncs the directory, so a crash at any point leaves
/// either the old or the new file — both valid, since redelivery is idempotent.
/// </summary>
/// <remarks>
/// An I/O error (disk full, permissions) does not stop the node: it is logged once, the log stops
/// writing, and the events stay in memory as with the in-memory outbox — only durability is lost.
/// </remarks>
internal sealed partial class FileOutboxLog : IOutboxLog
{
    /// <summary>Default size past which an acknowledgement may trigger a compaction.</summary>
    public const long DefaultCompactBytes = 1 << 20;

    private const int FlushBufferBytes = 64 * 1024;
    private const int HeaderRecords = 2;
    private readonly string _directory;
    private readonly string _path;
    private readonly FileStream _lock;
    private readonly long _compactBytes;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBufferBytes);
    private FileStream? _file;
    private long _fileBytes;
    private long _fileRecords;
    private bool _failed;

    private FileOutboxLog(string directory, string nodeId, FileStream lockFile, long compactBytes, ILogger logger)
    {
        _directory = directory;
        _path = Path.Combine(directory, nodeId + ".events");
        _lock = lockFile;
        _compactBytes = compactBytes;
        _logger = logger;
    }

    /// <summary>The log file.</summary>
    public string FilePath => _path;

    /// <summary>Bytes in the file, not counting the unflushed buffer.</summary>
    public long FileBytes => _fileBytes;

    /// <summary>
    /// Opens (creating) the outbox of <paramref name="nodeId"/> in <paramref name="directory"/> and
    /// returns what the previous process left to deliver.
    /// </summary>
    /// <exception cref="IOException">Another process holds this outbox, or the file cannot be read or rewritten.</exception>
    /// <exception cref="InvalidDataException">The file was written by an incompatible format version.</exception>
    public static (FileOutboxLog Log, OutboxRecovery Recovery) Open(
        string directory, string nodeId, ILogger logger, long compactBytes = DefaultCompactBytes)
    {
        Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, nodeId + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"the outbox of node '{nodeId}' in {directory} is in use by another process ({ex.Message})", ex);
        }

        var log = new FileOutboxLog(directory, nodeId, lockFile, compactBytes, logger);
        try
        {
            var recovery = File.Exists(log._path) ? OutboxRecovery.From(OutboxFormat.Read(File.ReadAllBytes(log._path))) : OutboxRecovery.Empty;
            log.Rewrite(recovery.Events, recovery.NextSeq);
            return (log, recovery);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Append(NodeEvent e) => Buffer(OutboxRecord.ForEvent(e));

    /// <inheritdoc/>
    public void Acknowledge(long seq) => Buffer(OutboxRecord.Ack(seq));

    /// <inheritdoc/>
    public void Reserve(long nextSeq) => Buffer(OutboxRecord.NextSeq(nextSeq));

    /// <inheritdoc/>
    public void Flush(bool toDisk)
    {
        if (_failed || _file is null)
        {
            return;
        }

        try
        {
            if (_buffer.WrittenCount > 0)
            {
                _file.Write(_buffer.WrittenSpan);
                _fileBytes += _buffer.WrittenCount;
                _buffer.ResetWrittenCount();
            }

            if (toDisk)
            {
                _file.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// At least as many dead records (acknowledged events, acknowledgements) as live ones, so that the
    /// rewrite costs no more than what was appended since the last one (amortized linear even when a
    /// long outage left many live events), and the file past <c>compactBytes</c>.
    /// </remarks>
    public bool WantsCompaction(int liveEvents) =>
        !_failed && _fileBytes + _buffer.WrittenCount >= _compactBytes && _fileRecords - HeaderRecords - liveEvents >= Math.Max(1, liveEvents);

    /// <inheritdoc/>
    public void Compact(IReadOnlyCollection<NodeEvent> live, long nextSeq)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            Rewrite(live, nextSeq);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    /// <summary>Closes the file without writing the buffer (what a crash would leave) and releases the lock.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _lock.Dispose();
    }

    private void Buffer(OutboxRecord record)
    {
        if (_failed)
        {
            return;
        }

        OutboxFormat.Write(_buffer, record);
        _fileRecords++;
        if (_buffer.WrittenCount >= FlushBufferBytes)
        {
            Flush(toDisk: false);
        }
    }

    private void Rewrite(IReadOnlyCollection<NodeEvent> live, long nextSeq)
    {
        var content = new ArrayBufferWriter<byte>(FlushBufferBytes);
        OutboxFormat.Write(content, OutboxRecord.Header);
        OutboxFormat.Write(content, OutboxRecord.NextSeq(nextSeq));
        foreach (var e in live)
        {
            OutboxFormat.Write(content, OutboxRecord.ForEvent(e));
        }

        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(content.WrittenSpan);
            file.Flush(flushToDisk: true);
        }

        _file?.Dispose();
        _file = null;
        File.Move(temporary, _path, overwrite: true);
        DirectorySync.Flush(_directory);
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _fileBytes = content.WrittenCount;
        _fileRecords = live.Count + HeaderRecords;
        _buffer.ResetWrittenCount();
    }

    private void Fail(Exception ex)
    {
        _failed = true;
        _buffer.ResetWrittenCount();
        LogFailed(_logger, _path, ex.Message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox {Path} cannot be written ({Error}); events are kept in memory only from now on")]
    private static partial void LogFailed(ILogger logger, string path, string error);
}
