using System.Globalization;
using System.Text.Json.Nodes;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Builds the compact JSON evidence of a decision. Field names shared by every policy:
/// <c>policy</c>, <c>metric</c>, <c>value</c>, <c>fraction</c>, <c>step</c>, <c>rank</c>, <c>n</c>,
/// <c>threshold</c>, and for the cohort <c>plan: {t, f, p, cost_full_runs, cost_steps}</c>.
/// Non-finite numbers are written as strings (<c>"NaN"</c>), which JSON numbers cannot hold.
/// </summary>
internal static class Evidence
{
    public static JsonObject For(string policy) => new() { ["policy"] = policy };

    public static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    public static string Write(JsonObject evidence) => evidence.ToJsonString();

    /// <summary>Invariant, 4-decimal rendering of a value for reasons.</summary>
    public static string Show(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
