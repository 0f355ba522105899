using SweepCluster.GpuNode.Agent;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Agent;

public sealed class EventOutboxTests
{
    [Fact]
    public void Peek_EventsAndCoalescedProgress_NumbersThemInOrderAndKeepsOnlyLatestProgress()
    {
        var outbox = new EventOutbox();
        outbox.Add(seq => new TrialStartedEvent(seq, "s/a", 1));
        outbox.Progress("s/a", 1, 1, 10);
        outbox.Progress("s/a", 1, 2, 10);
        outbox.Add(seq => new TrialMetricEvent(seq, "s/a", 1, 2, 0.2, "loss", 0.5));

        var batch = outbox.Peek(100);

        Assert.Equal(
            [
                new TrialStartedEvent(1, "s/a", 1),
                new TrialMetricEvent(2, "s/a", 1, 2, 0.2, "loss", 0.5),
                new TrialProgressEvent(3, "s/a", 1, 2, 10),
            ],
            batch);
    }

    [Fact]
    public void Ack_UpToSequence_DropsThoseAndKeepsLaterOnesForRedelivery()
    {
        var outbox = new EventOutbox();
        for (var i = 0; i < 5; i++)
        {
            outbox.Add(seq => new TrialStartedEvent(seq, "s/a", 1));
        }

        outbox.Ack(3);

        Assert.Equal([4L, 5], outbox.Peek(100).Select(e => e.Seq));
        Assert.Equal([4L], outbox.Peek(1).Select(e => e.Seq));
    }

    [Fact]
    public void Owned_TrialEndedButNotAcknowledged_IsStillOwnedUntilTheEndIsAcked()
    {
        var outbox = new EventOutbox();
        outbox.Own("s/a", 1, 0);
        outbox.Own("s/b", 2, 1);
        outbox.Add(seq => new TrialEndedEvent(seq, "s/a", 1, TrialOutcomeKind.Completed, 0.9, 10, null, null));

        Assert.Equal([new RunningTrial("s/a", 1, 0), new RunningTrial("s/b", 2, 1)], outbox.Owned().OrderBy(r => r.TrialId));
        outbox.Ack(1);
        Assert.Equal([new RunningTrial("s/b", 2, 1)], outbox.Owned());
    }

    [Fact]
    public async Task Changed_CompletesWhenAnEventIsAdded()
    {
        var outbox = new EventOutbox();
        var changed = outbox.Changed;
        Assert.False(changed.IsCompleted);

        outbox.Add(seq => new TrialStartedEvent(seq, "s/a", 1));

        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(outbox.Changed.IsCompleted);
    }
}
