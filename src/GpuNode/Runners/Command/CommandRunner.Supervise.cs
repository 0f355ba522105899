namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>The signal sequence of one launch.</summary>
internal sealed partial class CommandRunner
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>
    /// Waits for the child to exit, meanwhile turning a stop or a timeout into SIGTERM and, after the
    /// stop grace, SIGKILL of the group; and a pause (asked for, or the pause fraction reached) into
    /// SIGUSR1, escalated to a stop when the child has not exited after the pause grace.
    /// </summary>
    private async Task<Supervision> SuperviseAsync(ChildProcess child, TrialContext context, ProtocolSession session)
    {
        using var timers = new CancellationTokenSource();
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pauseRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = context.StopRequested.Register(() => stopRequested.TrySetResult());
        using var onPause = context.PauseRequested.Register(() => pauseRequested.TrySetResult());

        var exit = child.WaitForExitAsync();
        var stop = stopRequested.Task;
        Task pause = Task.WhenAny(pauseRequested.Task, session.PauseReached);
        var timeout = template.Timeout is { } limit ? Task.Delay(limit, context.Time, timers.Token) : Never;
        var deadline = Never;
        var deadlineKills = false;
        bool stopped = false, paused = false, timedOut = false, terminating = false;

        while (true)
        {
            var done = await Task.WhenAny(exit, stop, pause, timeout, deadline);
            if (done == exit)
            {
                break;
            }

            if (done == stop || done == timeout)
            {
                stopped |= done == stop;
                timedOut |= done == timeout;
                stop = done == stop ? Never : stop;
                timeout = done == timeout ? Never : timeout;
                if (!terminating)
                {
                    terminating = true;
                    child.Signal(PosixSignals.Terminate);
                    (deadline, deadlineKills) = (Task.Delay(template.StopGrace, context.Time, timers.Token), true);
                }
            }
            else if (done == pause)
            {
                pause = Never;
                if (!terminating)
                {
                    paused = true;
                    child.Signal(PosixSignals.User1);
                    (deadline, deadlineKills) = (Task.Delay(template.PauseGrace, context.Time, timers.Token), false);
                }
            }
            else if (deadlineKills)
            {
                child.Signal(PosixSignals.Kill);
                deadline = Never;
            }
            else
            {
                // The pause grace is over and the child is still running: stop it.
                terminating = true;
                child.Signal(PosixSignals.Terminate);
                (deadline, deadlineKills) = (Task.Delay(template.StopGrace, context.Time, timers.Token), true);
            }
        }

        await timers.CancelAsync();
        return new Supervision(await exit, stopped, paused, timedOut);
    }
}
