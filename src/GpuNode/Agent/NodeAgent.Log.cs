using Microsoft.Extensions.Logging;

namespace SweepCluster.GpuNode.Agent;

public sealed partial class NodeAgent
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} registered with the coordinator")]
    private static partial void LogRegistered(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not sync ({Error}); retrying in {DelayMs} ms")]
    private static partial void LogSyncFailed(ILogger logger, string nodeId, string error, double delayMs);
}
