using System.Text.Json.Serialization;

namespace SweepCluster.Training.Trainer;

/// <summary>Source-generated JSON for <see cref="TrainerState"/> (snake_case; NaN metrics written as "NaN").</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TrainerState))]
internal sealed partial class TrainerStateJsonContext : JsonSerializerContext;
