using Microsoft.Extensions.Logging;

namespace SweepCluster.Shared.Actors;

/// <summary>The kernel's log messages (category <see cref="ActorSystem"/>), shared by the actor cells.</summary>
public sealed partial class ActorSystem
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Actor {Path} failed in {Step}; restarting it with a fresh instance (restart {Restart} of at most {MaxRestarts} per {Window})")]
    internal static partial void LogActorRestarting(
        ILogger logger, Exception error, string path, string step, int restart, int maxRestarts, TimeSpan window);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Actor {Path} failed in {Step} after {MaxRestarts} restarts within {Window}; stopping it for good")]
    internal static partial void LogActorFailedPermanently(
        ILogger logger, Exception error, string path, string step, int maxRestarts, TimeSpan window);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Dead letter to {Path}: {MessageType} ({Reason})")]
    internal static partial void LogDeadLetter(ILogger logger, string path, string messageType, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Actor {Path} stopped: {Reason}")]
    internal static partial void LogActorStopped(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Actor {Path} threw in PostStopAsync")]
    internal static partial void LogPostStopFailed(ILogger logger, Exception error, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "Actor {Path}: unexpected fault in the mailbox")]
    internal static partial void LogMailboxFault(ILogger logger, Exception error, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "A handler of ActorSystem.{EventName} threw")]
    internal static partial void LogEventHandlerFailed(ILogger logger, Exception error, string eventName);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Actor {Path} failed in {Step} while stopping; not restarted")]
    internal static partial void LogFailedWhileStopping(ILogger logger, Exception error, string path, string step);
}
