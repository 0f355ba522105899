namespace SweepCluster.GpuNode.Runners;

/// <summary>
/// Executes one attempt of a trial on a node slot: starts fresh or resumes from a checkpoint,
/// reports progress and metrics through <see cref="TrialContext.Reporter"/>, honours stop and
/// pause through the context's tokens, and writes checkpoints under <see cref="TrialContext.TrialDirectory"/>.
/// A runner that throws yields a Failed trial carrying the exception's message.
/// </summary>
public interface ITrialRunner
{
    /// <summary>The runner kind a spec names (<c>simulated</c>, <c>builtin</c>, <c>command:NAME</c>).</summary>
    string Kind { get; }

    /// <summary>Runs the attempt to its end, a pause, or a stop.</summary>
    Task<TrialResult> RunAsync(TrialContext context);
}
