namespace SweepCluster.Shared.Specs;

/// <summary>
/// A validated experiment: what to fine-tune, on which data, with which seeds, under which
/// stopping policies and runner. Produced by <c>SpecParser</c>; immutable and
/// JSON-serializable so that it can travel to nodes.
/// </summary>
/// <param name="Name">Sweep name (letters, digits, '-', '_', '.'); the sweep id is derived from it.</param>
/// <param name="Task">The dataset and task.</param>
/// <param name="Model">The model to fine-tune.</param>
/// <param name="Training">Training hyperparameters shared by all trials (before grid overrides).</param>
/// <param name="Grid">Optional hyperparameter grid; each combination is a configuration index.</param>
/// <param name="Seeds">Which weight-init and data-order seed pairs to run.</param>
/// <param name="Stopping">Stopping policies, evaluated in order on each reported metric.</param>
/// <param name="Runner">Which runner executes the trials, and its settings.</param>
/// <param name="Metric">The validation metric that ranks trials.</param>
/// <param name="MaxConcurrentTrials">Upper bound on trials of this sweep holding slots at once.</param>
/// <param name="MaxAttempts">How many attempts a trial gets when its node is lost (default 3).</param>
public sealed record ExperimentSpec(
    string Name,
    TaskSpec Task,
    ModelSpec Model,
    TrainingSpec Training,
    IReadOnlyList<GridAxis> Grid,
    SeedSpec Seeds,
    IReadOnlyList<StoppingPolicySpec> Stopping,
    RunnerSpec Runner,
    MetricSpec Metric,
    int MaxConcurrentTrials,
    int MaxAttempts);
