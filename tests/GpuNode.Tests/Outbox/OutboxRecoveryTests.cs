using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Outbox;

public sealed class OutboxRecoveryTests
{
    [Fact]
    public void From_AckedEndedAndRunningAttempts_KeepsOnlyUnackedEventsOfEndedAttempts()
    {
        var done = new TrialEndedEvent(4, "s/a", 1, TrialOutcomeKind.Completed, 0.9, 10, null, null);
        var records = new[]
        {
            OutboxRecord.Header,
            OutboxRecord.ForEvent(new TrialStartedEvent(1, "s/a", 1)),
            OutboxRecord.ForEvent(new TrialStartedEvent(2, "s/b", 1)),
            OutboxRecord.Ack(2),
            OutboxRecord.ForEvent(new TrialMetricEvent(3, "s/a", 1, 5, 0.5, "acc", 0.8)),
            OutboxRecord.ForEvent(done),
            OutboxRecord.ForEvent(new TrialMetricEvent(5, "s/b", 1, 5, 0.5, "acc", 0.7)),
            OutboxRecord.ForEvent(new TrialCheckpointedEvent(6, "s/b", 1, 5, 0.5, "/ck")),
        };

        var recovery = OutboxRecovery.From(new OutboxReadResult(records, 0, false));

        Assert.Equal([new TrialMetricEvent(3, "s/a", 1, 5, 0.5, "acc", 0.8), done], recovery.Events);
        Assert.Equal((7L, 2), (recovery.NextSeq, recovery.AbandonedEvents));
    }

    [Fact]
    public void From_ReservationAboveEveryEvent_NextSeqContinuesAboveTheReservation()
    {
        var records = new[]
        {
            OutboxRecord.NextSeq(40),
            OutboxRecord.ForEvent(new TrialStartedEvent(41, "s/a", 1)),
            OutboxRecord.NextSeq(60),
            OutboxRecord.Ack(41),
        };

        var recovery = OutboxRecovery.From(new OutboxReadResult(records, 0, false));

        Assert.Empty(recovery.Events);
        Assert.Equal(60, recovery.NextSeq);
    }

    [Fact]
    public void From_AckAboveEveryRecordedSeq_NextSeqIsAboveTheAck()
    {
        // Progress numbers are not recorded as events; an acknowledgement may cover them.
        var recovery = OutboxRecovery.From(new OutboxReadResult([OutboxRecord.Ack(90)], 0, false));

        Assert.Equal(91, recovery.NextSeq);
    }

    [Fact]
    public void From_SameSeqTwice_KeepsTheFirst()
    {
        var first = new TrialEndedEvent(3, "s/a", 1, TrialOutcomeKind.Completed, 0.5, 10, null, null);
        var records = new[] { OutboxRecord.ForEvent(first), OutboxRecord.ForEvent(first with { FinalMetric = 0.7 }) };

        var recovery = OutboxRecovery.From(new OutboxReadResult(records, 1, true));

        Assert.Equal([first], recovery.Events);
        Assert.Equal((4L, 1, true), (recovery.NextSeq, recovery.CorruptRecords, recovery.TornTail));
    }
}
