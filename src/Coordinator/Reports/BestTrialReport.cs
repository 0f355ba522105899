namespace SweepCluster.Coordinator.Reports;

/// <summary>The completed trial with the best final score (the first in expansion order on a tie).</summary>
/// <param name="Checkpoint">Its latest checkpoint path, as reported.</param>
/// <param name="ModelFolder">
/// The checkpoint path when it is a directory holding <c>config.json</c> — a fine-tuned model in Hugging
/// Face layout, usable with <c>sweep predict</c>; null otherwise (e.g. the simulated runner).
/// </param>
public sealed record BestTrialReport(
    string TrialId, int ConfigIndex, int InitSeed, int OrderSeed, double Score, long ComputeSteps, string? Checkpoint, string? ModelFolder);
