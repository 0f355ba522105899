namespace SweepCluster.Training.Trainer;

/// <summary>
/// The content of a training checkpoint's <c>trainer_state.json</c>: where training stands and every random
/// state needed to continue bit for bit. Weights and optimizer moments live beside it in safetensors files.
/// </summary>
/// <param name="FormatVersion">Layout version of this file (<see cref="CurrentFormat"/>).</param>
/// <param name="OptimizerStep">Optimizer updates done (AdamW's step count; the schedule is a function of it).</param>
/// <param name="TotalSteps">Optimizer updates of the whole run.</param>
/// <param name="Epoch">Epoch of the next update (0-based).</param>
/// <param name="BatchInEpoch">Batch of that epoch's permutation the next update trains on.</param>
/// <param name="PermutationPosition">Position in the epoch's permutation of the next example (BatchInEpoch · batch size).</param>
/// <param name="Evaluations">Evaluations done so far.</param>
/// <param name="IntervalLossSum">Sum of step losses since the last evaluation (a double, restored exactly).</param>
/// <param name="IntervalSteps">Steps in <paramref name="IntervalLossSum"/>.</param>
/// <param name="LastMetric">The most recent validation metric, if any.</param>
/// <param name="InitSeed">Weight-initialization seed.</param>
/// <param name="OrderSeed">Data-order seed.</param>
/// <param name="DropoutSeed">Seed of the dropout stream (derived from both).</param>
/// <param name="RngStates">xoshiro256** state of every stream by name (<c>init</c>: after initialization; <c>dropout</c>: now).</param>
/// <param name="Threads">Threads the model used (recorded; bitwise equality is promised for the same count).</param>
/// <param name="Fingerprint">SHA-256 over the options, model config, seeds and data; a resume with other settings is refused.</param>
/// <param name="Hyperparameters">A readable copy of the options that entered <paramref name="Fingerprint"/>.</param>
internal sealed record TrainerState(
    int FormatVersion,
    int OptimizerStep,
    int TotalSteps,
    int Epoch,
    int BatchInEpoch,
    int PermutationPosition,
    int Evaluations,
    double IntervalLossSum,
    int IntervalSteps,
    double? LastMetric,
    long InitSeed,
    long OrderSeed,
    long DropoutSeed,
    IReadOnlyDictionary<string, ulong[]> RngStates,
    int Threads,
    string Fingerprint,
    string Hyperparameters)
{
    /// <summary>The layout written by this version.</summary>
    public const int CurrentFormat = 1;
}
