using Microsoft.Extensions.Logging;

namespace SweepCluster.Coordinator.Nodes;

internal sealed partial class NodeRegistry
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} registered with {Slots} slots, owning {Running} trials")]
    private static partial void LogRegistered(ILogger logger, string nodeId, int slots, int running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease check ran {Seconds:F1} s late (the coordinator was not running): every node gets a fresh lease")]
    private static partial void LogLateCheck(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Count} commands for unknown node {NodeId}")]
    private static partial void LogDropped(ILogger logger, int count, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node registry ignored an unknown message {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, string messageType);
}
