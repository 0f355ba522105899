using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Links;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Source-generated JSON for the HTTP API (client and node routes). Enums travel by name and
/// non-finite numbers are allowed (a diverging trial reports NaN).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RegisterNode))]
[JsonSerializable(typeof(RegisterReply))]
[JsonSerializable(typeof(SyncRequest))]
[JsonSerializable(typeof(SyncReply))]
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
