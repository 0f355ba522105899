namespace SweepCluster.Shared.Specs;

/// <summary>
/// One configured stopping policy. The known kinds are <c>divergence</c>, <c>dodge_cohort</c>,
/// <c>asha</c> and <c>median</c>; their parameters are kept as given (numbers as invariant strings)
/// and interpreted by the policy.
/// </summary>
/// <param name="Kind">Policy name.</param>
/// <param name="Parameters">Parameter name → value.</param>
/// <param name="Line">1-based line in the spec file, for error messages raised later.</param>
public sealed record StoppingPolicySpec(string Kind, IReadOnlyDictionary<string, string> Parameters, int Line);
