namespace SweepCluster.Cli;

/// <summary>An error shown to the user as one line, with the exit code it maps to.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
