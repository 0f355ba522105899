using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Outbox;

public sealed class FileOutboxLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", "outbox-" + Guid.NewGuid().ToString("N"));

    private static TrialEndedEvent End(long seq, string trial) => new(seq, trial, 1, TrialOutcomeKind.Completed, 0.5, 10, null, null);

    [Fact]
    public void Open_AfterFlushedEventsAndACrash_RecoversTheUnackedOnes()
    {
        var (log, recovery) = Open();
        Assert.Equal(OutboxRecovery.Empty, recovery);
        log.Append(new TrialStartedEvent(1, "s/a", 1));
        log.Append(End(2, "s/a"));
        log.Append(new TrialStartedEvent(3, "s/b", 1));
        log.Append(End(4, "s/b"));
        log.Acknowledge(2);
        log.Flush(toDisk: true);
        log.Dispose();

        var (again, recovered) = Open();
        using (again)
        {
            Assert.Equal([new TrialStartedEvent(3, "s/b", 1), End(4, "s/b")], recovered.Events);
            Assert.Equal(5, recovered.NextSeq);
        }
    }

    [Fact]
    public void Dispose_WithoutFlush_LosesOnlyTheBufferedRecordsLikeAKilledProcess()
    {
        var (log, _) = Open();
        log.Append(End(1, "s/a"));
        log.Flush(toDisk: false);
        log.Append(End(2, "s/b"));
        log.Dispose();

        var (again, recovered) = Open();
        using (again)
        {
            Assert.Equal([End(1, "s/a")], recovered.Events);
        }
    }

    [Fact]
    public void Open_FileWithATornTail_RecoversTheRestAndRewritesItClean()
    {
        var (log, _) = Open();
        log.Append(End(1, "s/a"));
        log.Append(End(2, "s/b"));
        log.Flush(toDisk: false);
        var path = log.FilePath;
        log.Dispose();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);

        var (again, recovered) = Open();
        using (again)
        {
            Assert.Equal([End(1, "s/a")], recovered.Events);
            Assert.True(recovered.TornTail);
            var reread = OutboxFormat.Read(File.ReadAllBytes(path));
            Assert.Equal((0, false), (reread.CorruptRecords, reread.TornTail));
            // Seq 2 never reached the file whole, so it was never sent: it may be handed out again.
            Assert.Equal([OutboxRecord.Header, OutboxRecord.NextSeq(2), OutboxRecord.ForEvent(End(1, "s/a"))], reread.Records);
        }
    }

    [Fact]
    public void Compact_AfterAcks_KeepsOnlyLiveEventsAndTheNextSeqAndLeavesNoTemporaryFile()
    {
        var (log, _) = Open(compactBytes: 1);
        using (log)
        {
            for (var seq = 1; seq <= 50; seq++)
            {
                log.Append(new TrialMetricEvent(seq, "s/a", 1, seq, seq / 100.0, "loss", 1.0 / seq));
            }

            log.Acknowledge(49);
            log.Flush(toDisk: false);
            var before = log.FileBytes;
            Assert.True(log.WantsCompaction(liveEvents: 1));

            log.Compact([new TrialMetricEvent(50, "s/a", 1, 50, 0.5, "loss", 0.02)], nextSeq: 51);

            Assert.True(log.FileBytes < before / 10, $"{log.FileBytes} of {before}");
            Assert.Equal(
                [OutboxRecord.Header, OutboxRecord.NextSeq(51), OutboxRecord.ForEvent(new TrialMetricEvent(50, "s/a", 1, 50, 0.5, "loss", 0.02))],
                OutboxFormat.Read(File.ReadAllBytes(log.FilePath)).Records);
            Assert.Equal([log.FilePath], Directory.GetFiles(_directory, "*.events*"));
            Assert.False(log.WantsCompaction(liveEvents: 1));
        }
    }

    [Fact]
    public void WantsCompaction_MostRecordsStillLive_IsFalseSoALongOutageDoesNotRewriteRepeatedly()
    {
        var (log, _) = Open(compactBytes: 1);
        using (log)
        {
            for (var seq = 1; seq <= 10; seq++)
            {
                log.Append(new TrialStartedEvent(seq, "s/a", 1));
            }

            log.Flush(toDisk: false);

            Assert.False(log.WantsCompaction(liveEvents: 10));
            Assert.False(log.WantsCompaction(liveEvents: 6));
            Assert.True(log.WantsCompaction(liveEvents: 5));
        }
    }

    [Fact]
    public void Open_WhileAnotherOwnerHoldsIt_IsRefused()
    {
        var (log, _) = Open();
        using (log)
        {
            var ex = Assert.Throws<IOException>(() => Open());
            Assert.StartsWith($"the outbox of node 'n1' in {_directory} is in use by another process", ex.Message);
        }

        Open().Log.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private (FileOutboxLog Log, OutboxRecovery Recovery) Open(long compactBytes = FileOutboxLog.DefaultCompactBytes) =>
        FileOutboxLog.Open(_directory, "n1", NullLogger.Instance, compactBytes);
}
