using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>
/// One running attempt: starts the runner on its own task (the mailbox never waits for training),
/// turns stop and pause into cancellation of the context's tokens, and reports how the runner ended.
/// A runner that throws becomes Failed with its message; it never takes the node down.
/// </summary>
internal sealed class TrialActor(
    StartTrialCommand start,
    int slot,
    ITrialRunner runner,
    TrialContext context,
    CancellationTokenSource stop,
    CancellationTokenSource pause,
    EventOutbox outbox,
    ActorRef<NodeMessage> node) : Actor<TrialMessage>
{
    private bool _returned;

    protected override Task PreStartAsync()
    {
        outbox.Add(seq => new TrialStartedEvent(seq, start.TrialId, start.Attempt));
        var self = Context.Self;
        _ = Task.Run(async () =>
        {
            TrialResult result;
            try
            {
                result = await runner.RunAsync(context);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                result = TrialResult.Stopped(0);
            }
            catch (Exception ex)
            {
                result = TrialResult.Failed(0, $"{ex.GetType().Name}: {ex.Message}");
            }

            self.Tell(new RunnerReturned(result));
        });
        return Task.CompletedTask;
    }

    protected override async Task ReceiveAsync(TrialMessage message)
    {
        switch (message)
        {
            case StopRunner when !_returned:
                await stop.CancelAsync();
                break;
            case PauseRunner when !_returned:
                await pause.CancelAsync();
                break;
            case RunnerReturned returned when !_returned:
                _returned = true;
                var r = returned.Result;
                outbox.Add(seq => new TrialEndedEvent(seq, start.TrialId, start.Attempt, r.Outcome, r.FinalMetric, r.Steps, r.Checkpoint, r.Message));
                node.Tell(new TrialExited(start.TrialId, start.Attempt, slot));
                stop.Dispose();
                pause.Dispose();
                _ = Context.Self.StopAsync();
                break;
            default:
                break;
        }
    }
}
