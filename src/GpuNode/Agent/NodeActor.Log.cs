using Microsoft.Extensions.Logging;

namespace SweepCluster.GpuNode.Agent;

internal sealed partial class NodeActor
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Node actor ignored an unknown message {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, string messageType);
}
