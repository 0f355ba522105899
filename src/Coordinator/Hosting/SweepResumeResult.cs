namespace SweepCluster.Coordinator.Hosting;

/// <summary>What <see cref="CoordinatorHost.ResumeAsync"/> did.</summary>
/// <param name="Resumed">True when the sweep was cancelled and now runs again (or completed at once, with nothing to rerun).</param>
/// <param name="Status">The sweep's status after the call: why it was not resumed when <paramref name="Resumed"/> is false.</param>
/// <param name="RequeuedTrials">Trials the cancel had ended that were queued again as new attempts.</param>
public sealed record SweepResumeResult(bool Resumed, string Status, int RequeuedTrials);
