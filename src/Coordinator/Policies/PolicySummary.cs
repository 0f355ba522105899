namespace SweepCluster.Coordinator.Policies;

/// <summary>One configured stopping policy as a report prints it (see <see cref="PolicyFactory.Summarize"/>).</summary>
/// <param name="Policy">The policy name: <c>divergence</c>, <c>dodge_cohort</c>, <c>asha</c> or <c>median</c>.</param>
/// <param name="Rule">The rule in one sentence with its parameters filled in.</param>
/// <param name="Settings">Every parameter with the value in effect (defaults included), in a stable order.</param>
/// <param name="Plan">For <c>dodge_cohort</c>: the cohort plan and its cost; null otherwise.</param>
public sealed record PolicySummary(string Policy, string Rule, IReadOnlyList<KeyValuePair<string, string>> Settings, CohortPlanSummary? Plan);
