namespace SweepCluster.GpuNode.Runners.Command;

// The messages a child sends on its protocol channel (docs/command-protocol.md). One contract file,
// like an actor's message file.

/// <summary>A protocol line, parsed and checked.</summary>
internal abstract record ProtocolMessage;

/// <summary><c>{"type":"metric","step":S,"fraction":F,"name":N,"value":V}</c>.</summary>
internal sealed record MetricMessage(long Step, double Fraction, string Name, double Value) : ProtocolMessage;

/// <summary><c>{"type":"progress","step":S,"total":T}</c>.</summary>
internal sealed record ProgressMessage(long Step, long Total) : ProtocolMessage;

/// <summary><c>{"type":"checkpoint","path":P,"step":S,"fraction":F}</c>; the path is relative to the trial directory or absolute inside it.</summary>
internal sealed record CheckpointMessage(string Path, long Step, double Fraction) : ProtocolMessage;

/// <summary><c>{"type":"result","steps":S,"metric":M}</c>: training finished (both fields optional).</summary>
internal sealed record ResultMessage(long? Steps, double? Metric) : ProtocolMessage;
