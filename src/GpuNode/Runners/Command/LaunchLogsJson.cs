using System.Text.Json.Serialization;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Source-generated JSON for the launch header.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class LaunchLogsJson : JsonSerializerContext;
