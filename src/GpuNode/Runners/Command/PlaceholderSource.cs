namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>What the placeholders of one launch are read from.</summary>
/// <param name="Context">The attempt.</param>
/// <param name="TrialDirectory">The trial directory, full path, checked to lie under the node's work directory.</param>
/// <param name="ResumeFrom">The checkpoint to resume from, full path, or null.</param>
/// <param name="Gpu">The slot's GPU, or null on a CPU slot.</param>
internal sealed record PlaceholderSource(TrialContext Context, string TrialDirectory, string? ResumeFrom, string? Gpu);
