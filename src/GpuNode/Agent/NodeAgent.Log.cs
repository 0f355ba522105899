using Microsoft.Extensions.Logging;

namespace SweepCluster.GpuNode.Agent;

public sealed partial class NodeAgent
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} registered with the coordinator")]
    private static partial void LogRegistered(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not sync ({Error}); retrying in {DelayMs} ms")]
    private static partial void LogSyncFailed(ILogger logger, string nodeId, string error, double delayMs);

    /// <summary>A command arrived in a sync reply (the coordinator logs <c>CommandQueued</c> when it is ready).</summary>
    [LoggerMessage(EventName = "CommandReceived", Level = LogLevel.Debug,
        Message = "Node {NodeId} received command {Seq} for {TrialId}")]
    private static partial void LogCommandReceived(ILogger logger, string nodeId, long seq, string trialId);
}
