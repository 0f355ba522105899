namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>How a launch ended, as the supervisor saw it.</summary>
/// <param name="ExitCode">The child's exit code (128+n after signal n).</param>
/// <param name="Stopped">A stop was requested (SIGTERM, then SIGKILL after the grace period).</param>
/// <param name="Paused">A pause was requested or the pause fraction was reached (SIGUSR1 sent).</param>
/// <param name="TimedOut">The template's timeout elapsed.</param>
internal sealed record Supervision(int ExitCode, bool Stopped, bool Paused, bool TimedOut);
