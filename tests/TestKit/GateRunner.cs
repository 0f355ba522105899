using SweepCluster.GpuNode.Runners;

namespace SweepCluster.TestKit;

/// <summary>
/// A runner that reports one metric and then waits until the test opens the gate (completing), or
/// until it is stopped or paused: lets a test hold a trial in Running for exactly as long as it needs.
/// </summary>
public sealed class GateRunner(string kind = "simulated") : ITrialRunner
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    /// <inheritdoc/>
    public string Kind => kind;

    /// <summary>Completes when a trial has entered the runner.</summary>
    public Task Entered => _entered.Task;

    /// <summary>How many attempts have entered the runner.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Lets every waiting trial complete with final metric 1.0.</summary>
    public void Open() => _open.TrySetResult();

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _runs);
        context.Reporter.Metric(1, 0.1, context.Spec.Metric.Name, 0.5);
        _entered.TrySetResult();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.StopRequested, context.PauseRequested);
        await Task.WhenAny(_open.Task, Task.Delay(Timeout.Infinite, either.Token));
        if (context.StopRequested.IsCancellationRequested)
        {
            return TrialResult.Stopped(1);
        }

        return context.PauseRequested.IsCancellationRequested ? TrialResult.Failed(1, "gate runner cannot pause") : TrialResult.Completed(1.0, 10);
    }
}
