using System.Text.Json.Serialization;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// Source-generated JSON for <see cref="SweepReport"/>: camelCase names, enums by name, indented, and
/// NaN/±Infinity allowed (a diverging trial can report a non-finite value).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SweepReport))]
public sealed partial class SweepReportJsonContext : JsonSerializerContext
{
}
