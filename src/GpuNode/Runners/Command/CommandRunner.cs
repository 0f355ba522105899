using System.ComponentModel;
using Microsoft.Extensions.Logging;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Runs each attempt as a child process from a node-side <see cref="CommandTemplate"/>: renders the
/// argv, starts it in its own process group with a protocol pipe (docs/command-protocol.md), turns its
/// messages into reports, and maps stop (SIGTERM, then SIGKILL of the group), pause (SIGUSR1: checkpoint
/// and exit 0), timeout and exit codes onto a <see cref="TrialResult"/>.
/// </summary>
internal sealed partial class CommandRunner(CommandTemplate template, string workDirectory, Func<int, string?> gpuForSlot, ILogger logger) : ITrialRunner
{
    /// <summary>How long the output pipes may stay open after the group was killed (a descendant that left the group).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>Lines of stderr quoted in a failure message.</summary>
    private const int StderrTailLines = 20;

    /// <inheritdoc/>
    public string Kind => "command:" + template.Name;

    /// <summary>The template this runner launches.</summary>
    public CommandTemplate Template => template;

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trialDirectory = TrialPaths.Prepare(workDirectory, context.TrialDirectory, out var error);
        if (trialDirectory is null)
        {
            return TrialResult.Failed(0, error!);
        }

        string? resumeFrom = null;
        if (context.ResumeFrom is { } checkpoint)
        {
            resumeFrom = Path.GetFullPath(Path.Combine(trialDirectory, checkpoint));
            if (!TrialPaths.IsInside(trialDirectory, resumeFrom) || !(File.Exists(resumeFrom) || Directory.Exists(resumeFrom)))
            {
                return TrialResult.Failed(0, $"cannot resume: checkpoint '{checkpoint}' is not in this node's trial directory {trialDirectory}");
            }
        }

        var source = new PlaceholderSource(context, trialDirectory, resumeFrom, gpuForSlot(context.Slot));
        var plan = TemplateRenderer.Render(template, source, out error);
        if (plan is null)
        {
            return TrialResult.Failed(0, $"template '{template.Name}': {error}");
        }

        if (context.StopRequested.IsCancellationRequested)
        {
            return TrialResult.Stopped(0);
        }

        if (Preflight(plan) is { } problem)
        {
            return TrialResult.Failed(0, $"cannot start '{plan.Executable}' in {plan.WorkingDirectory}: {problem}");
        }

        using var logs = new LaunchLogs(trialDirectory, context.Attempt, template.LogLimitBytes);
        var session = new ProtocolSession(context, trialDirectory, logs.Skipped);
        ChildProcess child;
        try
        {
            child = ChildProcess.Start(plan);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return TrialResult.Failed(0, $"cannot start '{plan.Executable}' in {plan.WorkingDirectory}: {ex.Message}");
        }

        using (child)
        {
            logs.WriteHeader(context.Time.GetUtcNow(), plan, child.Id);
            LogLaunched(logger, context.Key.TrialId, context.Attempt, child.Id);
            var stderrTail = new LineTail(StderrTailLines, 500);
            Task[] pumps =
            [
                PumpAsync(child.Protocol, null, session.PipeSink),
                PumpAsync(child.Output, logs.Stdout, session.StdoutSink),
                PumpAsync(child.Error, logs.Stderr, stderrTail),
            ];
            var supervision = await SuperviseAsync(child, context, session);
            child.KillRemains();
            try
            {
                await Task.WhenAll(pumps).WaitAsync(DrainLimit, context.Time);
            }
            catch (TimeoutException)
            {
                LogOutputStillOpen(logger, context.Key.TrialId, context.Attempt);
            }

            if (session.SkippedLines > 0)
            {
                LogSkippedLines(logger, context.Key.TrialId, context.Attempt, session.SkippedLines, logs.Protocol.Path);
            }

            return CommandOutcome.Decide(supervision, session, template, stderrTail.Lines());
        }
    }

    /// <summary>Problems the launcher would only report as a bare exit code: a missing working directory or executable path.</summary>
    private static string? Preflight(LaunchPlan plan)
    {
        if (!Directory.Exists(plan.WorkingDirectory))
        {
            return "the working directory does not exist";
        }

        return plan.Executable.Contains('/', StringComparison.Ordinal) && !File.Exists(Path.Combine(plan.WorkingDirectory, plan.Executable))
            ? "the executable does not exist"
            : null;
    }

    private static async Task PumpAsync(Stream stream, BoundedLog? log, ILineSink sink)
    {
        var buffer = new byte[16 * 1024];
        var splitter = new LineSplitter(ProtocolParser.MaxLineBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                if (log is not null)
                {
                    log.Write(buffer.AsSpan(0, read));
                    log.Flush();
                }

                splitter.Push(buffer.AsSpan(0, read), sink);
            }

            splitter.Complete(sink);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe was torn down after the drain limit: nothing more to read.
        }
    }
}
