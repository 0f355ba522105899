using Microsoft.Extensions.Logging;

namespace SweepCluster.GpuNode.Runners.Command;

internal sealed partial class CommandRunner
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Trial {TrialId} attempt {Attempt} launched as process {ProcessId}")]
    private static partial void LogLaunched(ILogger logger, string trialId, int attempt, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} attempt {Attempt}: output pipes still open after the process group was killed (a descendant left the group); stopped reading")]
    private static partial void LogOutputStillOpen(ILogger logger, string trialId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} attempt {Attempt}: skipped {Count} protocol lines (see {Log})")]
    private static partial void LogSkippedLines(ILogger logger, string trialId, int attempt, int count, string log);
}
