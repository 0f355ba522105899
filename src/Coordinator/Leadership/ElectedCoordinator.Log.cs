using Microsoft.Extensions.Logging;

namespace SweepCluster.Coordinator.Leadership;

public sealed partial class ElectedCoordinator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Won the leadership (epoch {Epoch}): recovering from the journal")]
    private static partial void LogLeading(ILogger logger, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the leadership (epoch {Epoch}): stopped dispatching, now a standby")]
    private static partial void LogLost(ILogger logger, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "{State}")]
    private static partial void LogStandby(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The leader election failed; trying again")]
    private static partial void LogElectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the leader lease failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Starting the coordinator after winning the leadership failed; stepping down")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
