using Microsoft.Extensions.Logging;

namespace SweepCluster.Coordinator.Scheduling;

internal sealed partial class Scheduler
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler ignored an unknown message {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, string messageType);
}
