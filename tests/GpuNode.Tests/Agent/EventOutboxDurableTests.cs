using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Agent;

/// <summary>The outbox over its file: what a node process that dies and restarts takes over.</summary>
public sealed class EventOutboxDurableTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", "outbox-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Restart_TrialEndedUnacked_RedeliversWithOriginalSeqsClaimsTheTrialAndNumbersOnAbove()
    {
        var first = Open();
        first.Own("s/a", 1, 0);
        first.Own("s/b", 1, 1);
        first.Add(seq => new TrialStartedEvent(seq, "s/a", 1));
        first.Add(seq => new TrialStartedEvent(seq, "s/b", 1));
        first.Peek(100);
        first.Ack(2);
        first.Add(seq => new TrialMetricEvent(seq, "s/a", 1, 5, 0.5, "acc", 0.8));
        first.Add(seq => new TrialMetricEvent(seq, "s/b", 1, 5, 0.5, "acc", 0.6));
        first.Add(seq => new TrialEndedEvent(seq, "s/a", 1, TrialOutcomeKind.Completed, 0.9, 10, null, null));
        first.Dispose(); // killed: s/b was still running

        var second = Open();

        Assert.Equal(
            [new TrialMetricEvent(3, "s/a", 1, 5, 0.5, "acc", 0.8), new TrialEndedEvent(5, "s/a", 1, TrialOutcomeKind.Completed, 0.9, 10, null, null)],
            second.Peek(100));
        Assert.Equal([new RunningTrial("s/a", 1, -1)], second.Owned());
        second.Add(seq => new TrialStartedEvent(seq, "s/c", 1));
        Assert.Equal([3L, 5, 6], second.Peek(100).Select(e => e.Seq));

        second.Ack(5);
        Assert.Empty(second.Owned());
        second.Dispose();
    }

    [Fact]
    public void Restart_AfterProgressWasSent_NeverReusesItsSequenceNumber()
    {
        var first = Open();
        first.Add(seq => new TrialStartedEvent(seq, "s/a", 1));
        first.Progress("s/a", 1, 3, 10);
        first.Progress("s/b", 1, 4, 10);
        var sent = first.Peek(100);
        first.Dispose(); // killed before the acknowledgement came back

        var second = Open();
        second.Add(seq => new TrialStartedEvent(seq, "s/c", 1));

        Assert.Equal([1L, 2, 3], sent.Select(e => e.Seq));
        Assert.Equal(4, second.Peek(100).Single().Seq);
        second.Dispose();
    }

    [Fact]
    public void Restart_EverythingAcked_RedeliversNothingAndOwnsNothing()
    {
        var first = Open();
        first.Own("s/a", 1, 0);
        first.Add(seq => new TrialStartedEvent(seq, "s/a", 1));
        first.Add(seq => new TrialEndedEvent(seq, "s/a", 1, TrialOutcomeKind.Completed, 0.9, 10, null, null));
        first.Peek(100);
        first.Ack(2);
        first.Peek(100); // the next sync cycle writes the acknowledgement out
        first.Dispose();

        var second = Open();

        Assert.Equal((0, 0), (second.Peek(100).Count, second.Owned().Count));
        second.Add(seq => new TrialStartedEvent(seq, "s/b", 1));
        Assert.Equal(3, second.Peek(100).Single().Seq);
        second.Dispose();
    }

    [Fact]
    public void Ack_PastTheCompactionSize_RewritesTheFileWithOnlyUnackedEvents()
    {
        var (log, recovered) = FileOutboxLog.Open(_directory, "n1", NullLogger.Instance, compactBytes: 4096);
        var outbox = new EventOutbox(log, recovered);
        for (var step = 1; step <= 200; step++)
        {
            outbox.Add(seq => new TrialMetricEvent(seq, "s/a", 1, step, step / 200.0, "loss", 1.0 / step));
        }

        outbox.Peek(1000);
        var grown = new FileInfo(log.FilePath).Length;
        outbox.Add(seq => new TrialMetricEvent(seq, "s/a", 1, 201, 1.0, "loss", 0.001));
        outbox.Ack(200);

        var records = OutboxFormat.Read(File.ReadAllBytes(log.FilePath)).Records;
        Assert.True(grown > 4096, $"{grown}");
        Assert.Equal(
            [OutboxRecord.Header, OutboxRecord.NextSeq(202), OutboxRecord.ForEvent(new TrialMetricEvent(201, "s/a", 1, 201, 1.0, "loss", 0.001))],
            records);
        outbox.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private EventOutbox Open()
    {
        var (log, recovered) = FileOutboxLog.Open(_directory, "n1", NullLogger.Instance);
        return new EventOutbox(log, recovered);
    }
}
