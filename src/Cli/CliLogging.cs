using Microsoft.Extensions.Logging;

namespace SweepCluster.Cli;

/// <summary>
/// Logging for the CLI: warnings and errors go to a log file beside the database (the terminal is
/// busy with the progress display), and errors are also written to standard error.
/// </summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(string logFile) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new FileLoggerProvider(logFile, LogLevel.Information)));
}
