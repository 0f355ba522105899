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

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Path}: {Events} events to redeliver, ending {Trials} trials; next sequence {NextSeq}")]
    private static partial void LogOutboxOpened(ILogger logger, string path, int events, int trials, long nextSeq);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox {Path}: dropped {Abandoned} events of attempts that were running when the node stopped (the coordinator requeues them), {Corrupt} corrupt records, torn tail {Torn}")]
    private static partial void LogOutboxDropped(ILogger logger, string path, int abandoned, int corrupt, bool torn);
}
