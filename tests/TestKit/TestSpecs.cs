using SweepCluster.Shared.Specs;

namespace SweepCluster.TestKit;

/// <summary>Experiment specs for tests, built directly (no YAML) with small, explicit values.</summary>
public static class TestSpecs
{
    /// <summary>A simulated-runner sweep over the given seeds (full factorial).</summary>
    public static ExperimentSpec Simulated(
        string name = "test",
        int[]? init = null,
        int[]? order = null,
        int steps = 10,
        int evaluations = 5,
        double stepDurationMs = 0,
        double divergeShare = 0,
        double failShare = 0,
        int maxConcurrent = 0,
        int maxAttempts = 3) => new(
            name,
            new TaskSpec("synthetic", null, null, null, "text", null, "label", 0.1, 0, new SyntheticTaskSpec(200, 50, 100, 0.05, 0)),
            new ModelSpec(null, 2, 128, 2, 512, 64, true),
            new TrainingSpec(3, 32, 2e-5, 0.1, 0.01, 1.0, 0.1, 10, 1, 1),
            [],
            new SeedSpec(init ?? [1, 2], order ?? [1, 2], "factorial", null, 0),
            [],
            new RunnerSpec("simulated", null, new Dictionary<string, string>(), new SimulatedRunnerSpec(steps, evaluations, stepDurationMs, divergeShare, failShare, 0.02)),
            new MetricSpec("accuracy", true),
            maxConcurrent,
            maxAttempts);

    /// <summary>The YAML of a simulated-runner sweep, for tests that go through the parser.</summary>
    public static string SimulatedYaml(
        string name = "test",
        string init = "[1, 2]",
        string order = "[1, 2]",
        int steps = 10,
        int evaluations = 5,
        double stepDurationMs = 0,
        double divergeShare = 0,
        double failShare = 0,
        int maxConcurrent = 0) => $"""
        name: {name}
        task:
          kind: synthetic
        seeds:
          init: {init}
          order: {order}
        runner:
          kind: simulated
          simulated:
            steps: {steps}
            evaluations: {evaluations}
            step_duration_ms: {stepDurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            diverge_share: {divergeShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            fail_share: {failShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        max_concurrent_trials: {maxConcurrent}
        """;
}
