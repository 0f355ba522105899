using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Source-generated JSON for the client API (node messages use NodeLinkJsonContext). Enums travel by name and
/// non-finite numbers are allowed (a diverging trial reports NaN).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(SweepSummary))]
[JsonSerializable(typeof(IReadOnlyList<SweepRow>))]
[JsonSerializable(typeof(TrialPage))]
[JsonSerializable(typeof(TrialDetail))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(SweepChange))]
[JsonSerializable(typeof(IReadOnlyList<NodeRow>))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
}
