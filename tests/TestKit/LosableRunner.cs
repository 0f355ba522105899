using SweepCluster.GpuNode.Runners;

namespace SweepCluster.TestKit;

/// <summary>
/// A runner for lost-node tests with hand-computable steps. Attempt 1 writes a checkpoint at
/// <paramref name="checkpointStep"/> (none when null), reports its metric at <paramref name="reachStep"/>
/// and then holds until it is stopped (the test kills its node meanwhile). Every later attempt resumes
/// at the checkpoint's step (or 0 without one), reports its metric at <paramref name="totalSteps"/>
/// and completes there with final metric 0.9.
/// </summary>
public sealed class LosableRunner(long? checkpointStep, long reachStep, long totalSteps) : ITrialRunner
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    public string Kind => "simulated";

    /// <summary>Completes when attempt 1 has reported everything it will report.</summary>
    public Task Reached => _reached.Task;

    /// <summary>The checkpoint path attempt 1 reports (a name only: nothing reads it).</summary>
    public static string CheckpointPath(TrialContext context) => Path.Combine(context.TrialDirectory, "ckpt-a1");

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metric = context.Spec.Metric.Name;
        if (context.Attempt > 1)
        {
            context.Reporter.Metric(totalSteps, 1.0, metric, 0.9);
            return TrialResult.Completed(0.9, totalSteps);
        }

        if (checkpointStep is { } step)
        {
            context.Reporter.Checkpoint(step, (double)step / totalSteps, CheckpointPath(context));
        }

        context.Reporter.Progress(reachStep, totalSteps);
        context.Reporter.Metric(reachStep, (double)reachStep / totalSteps, metric, 0.6);
        _reached.TrySetResult();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.StopRequested, context.PauseRequested);
        await Task.WhenAny(Task.Delay(Timeout.Infinite, either.Token));
        return TrialResult.Stopped(reachStep);
    }
}
