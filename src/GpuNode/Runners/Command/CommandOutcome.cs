using System.Globalization;
using System.Text;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Maps how a launch ended onto a <see cref="TrialResult"/> (docs/command-runner.md, "Outcomes").</summary>
internal static class CommandOutcome
{
    public static TrialResult Decide(Supervision s, ProtocolSession session, CommandTemplate template, IReadOnlyList<string> stderrTail)
    {
        var steps = session.Result?.Steps ?? session.LastStep;
        if (s.TimedOut)
        {
            var seconds = template.Timeout!.Value.TotalSeconds;
            return TrialResult.Failed(steps, string.Create(CultureInfo.InvariantCulture, $"timed out after {seconds:0.###} s") + Tail(stderrTail));
        }

        if (s.Stopped)
        {
            return TrialResult.Stopped(steps);
        }

        if (s.ExitCode == 0 && session.Result is { } result)
        {
            return TrialResult.Completed(result.Metric ?? session.LastRankingMetric, steps);
        }

        // A child that pauses itself at the pause fraction may exit before the supervisor saw the
        // checkpoint as a pause: the checkpoint decides, not the order the two were noticed in.
        if (s.Paused || session.PauseReached.IsCompleted)
        {
            return session.LastCheckpoint is { } checkpoint
                ? TrialResult.Paused(checkpoint.Step, checkpoint.Path)
                : new TrialResult(TrialOutcomeKind.Stopped, null, steps, null, "asked to pause, exited without reporting a checkpoint");
        }

        return s.ExitCode == 0
            ? TrialResult.Completed(session.LastRankingMetric, steps)
            : TrialResult.Failed(steps, Describe(s.ExitCode) + Tail(stderrTail));
    }

    private static string Describe(int exitCode) =>
        exitCode > 128 && exitCode < 128 + 65
            ? string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode} (killed by {PosixSignals.Name(exitCode - 128)})")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}");

    private static string Tail(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("; last stderr lines:");
        foreach (var line in lines)
        {
            text.Append('\n').Append(line);
        }

        return text.ToString();
    }
}
