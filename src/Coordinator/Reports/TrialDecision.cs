namespace SweepCluster.Coordinator.Reports;

/// <summary>A stopping-policy decision about a trial, as journaled (DecisionMade).</summary>
/// <param name="Action">stop, pause, resume, continue, diverged, cancel, ….</param>
/// <param name="EvidenceJson">The policy's evidence as it wrote it (values, ranks, thresholds, plan), a JSON text.</param>
public sealed record TrialDecision(int Attempt, string Policy, string Action, string Reason, string EvidenceJson);
