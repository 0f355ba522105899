using Microsoft.Extensions.Logging;

namespace SweepCluster.Coordinator.Sweeps;

internal sealed partial class SweepActor
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep actor ignored an unknown message {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, string messageType);
}
