namespace SweepCluster.Shared.Specs;

/// <summary>Which runner executes the trials.</summary>
/// <param name="Kind"><c>simulated</c>, <c>builtin</c>, or <c>command</c>.</param>
/// <param name="Template">For <c>command</c>: the name of a node-side command template.</param>
/// <param name="Values">
/// For <c>command</c>: values for the template's placeholders. For <c>builtin</c>: the engine's settings
/// (<c>checkpoint_every_evaluation</c>, <c>vocabulary_size</c>), validated by the parser.
/// </param>
/// <param name="Simulated">For <c>simulated</c>: the synthetic learning-curve settings.</param>
public sealed record RunnerSpec(
    string Kind,
    string? Template,
    IReadOnlyDictionary<string, string> Values,
    SimulatedRunnerSpec? Simulated);

/// <summary>
/// Seeded synthetic learning curves for orchestrator tests and load benchmarks.
/// </summary>
/// <param name="Steps">Optimizer steps per trial (default 100).</param>
/// <param name="Evaluations">Validation metrics reported per trial (default 10).</param>
/// <param name="StepDurationMs">Wall time per step in milliseconds; 0 runs as fast as possible (default 0).</param>
/// <param name="DivergeShare">Share of trials whose loss becomes NaN (default 0).</param>
/// <param name="FailShare">Share of trials whose runner throws (default 0).</param>
/// <param name="Noise">Standard deviation of the seed-dependent final-score noise (default 0.02).</param>
public sealed record SimulatedRunnerSpec(
    int Steps,
    int Evaluations,
    double StepDurationMs,
    double DivergeShare,
    double FailShare,
    double Noise);
