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

    /// <summary>
    /// A command is in the node's outbox (the events justifying it are durable). With the node's
    /// <c>CommandReceived</c> it measures dispatch latency (tests/Benchmarks <c>dispatch</c>).
    /// </summary>
    [LoggerMessage(EventName = "CommandQueued", Level = LogLevel.Debug,
        Message = "{Kind} {Seq} for {TrialId} queued for node {NodeId} (poll held: {Held})")]
    private static partial void LogCommandQueued(ILogger logger, string kind, long seq, string trialId, string nodeId, bool held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node registry ignored an unknown message {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, string messageType);
}
