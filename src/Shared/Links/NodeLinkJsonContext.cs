using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Shared.Links;

/// <summary>
/// Source-generated JSON for the node ↔ coordinator messages, used by both ends of the HTTP link.
/// Enums travel by name; NaN/±Infinity are allowed (a diverging trial reports a non-finite loss).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RegisterNode))]
[JsonSerializable(typeof(RegisterReply))]
[JsonSerializable(typeof(SyncRequest))]
[JsonSerializable(typeof(SyncReply))]
[JsonSerializable(typeof(NodeEvent))]
public sealed partial class NodeLinkJsonContext : JsonSerializerContext
{
}
