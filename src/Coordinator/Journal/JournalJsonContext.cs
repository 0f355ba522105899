using System.Text.Json.Serialization;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Source-generated JSON for journal payloads, shared by every backend. Enums are written by name
/// (reordering <see cref="Shared.Trials.TrialState"/> must not rewrite history) and NaN/±Infinity
/// are allowed because a diverging trial reports a non-finite loss.
/// </summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SweepEvent))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
}
