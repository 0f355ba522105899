using System.Globalization;
using System.Text;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// The protocol side of one launch: turns parsed lines into reporter calls, keeps what the outcome
/// needs (last step, newest checkpoint, result, last value of the ranking metric) and notices when the
/// child reached the fraction it was asked to pause at. Lines from the protocol pipe and from stdout
/// markers may arrive on different threads; all state is behind one lock.
/// </summary>
internal sealed class ProtocolSession(TrialContext context, string trialDirectory, Action<string> skipped)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _pauseReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a checkpoint at or past <see cref="TrialContext.PauseAtFraction"/> was reported.</summary>
    public Task PauseReached => _pauseReached.Task;

    /// <summary>Highest step any message reported.</summary>
    public long LastStep { get; private set; }

    /// <summary>The newest checkpoint of this launch (full path), if any.</summary>
    public CheckpointMessage? LastCheckpoint { get; private set; }

    /// <summary>The result message, if the child sent one.</summary>
    public ResultMessage? Result { get; private set; }

    /// <summary>The last value reported for the spec's ranking metric.</summary>
    public double? LastRankingMetric { get; private set; }

    /// <summary>Lines that were skipped (malformed, oversized or refused).</summary>
    public int SkippedLines { get; private set; }

    /// <summary>A sink for the protocol pipe (every line is a message).</summary>
    public ILineSink PipeSink => new Sink(this, "fd", marker: false);

    /// <summary>A sink for stdout (only lines starting with <see cref="Marker"/> are messages).</summary>
    public ILineSink StdoutSink => new Sink(this, "stdout", marker: true);

    /// <summary>The prefix of a protocol line on stdout.</summary>
    public static ReadOnlySpan<byte> Marker => "@@sweep "u8;

    /// <summary>Handles one protocol line.</summary>
    public void Accept(ReadOnlySpan<byte> line, string channel)
    {
        if (line.IsEmpty || line.Trim((byte)' ').IsEmpty)
        {
            return;
        }

        var message = ProtocolParser.Parse(line, out var error);
        lock (_gate)
        {
            if (message is not null)
            {
                error = Handle(message);
            }

            if (error is not null)
            {
                Skip($"{channel}: {error}: {Preview(line)}");
            }
        }
    }

    private void Skip(string reason)
    {
        SkippedLines++;
        skipped(reason);
    }

    private string? Handle(ProtocolMessage message)
    {
        switch (message)
        {
            case MetricMessage m:
                Advance(m.Step);
                if (m.Name == context.Spec.Metric.Name)
                {
                    LastRankingMetric = m.Value;
                }

                context.Reporter.Metric(m.Step, m.Fraction, m.Name, m.Value);
                return null;
            case ProgressMessage p:
                Advance(p.Step);
                context.Reporter.Progress(p.Step, p.Total);
                return null;
            case CheckpointMessage c:
                return Checkpoint(c);
            case ResultMessage r:
                Result = r;
                if (r.Steps is { } steps)
                {
                    Advance(steps);
                }

                return null;
            default:
                return $"unhandled message {message.GetType().Name}";
        }
    }

    private string? Checkpoint(CheckpointMessage c)
    {
        var full = Path.GetFullPath(Path.Combine(trialDirectory, c.Path));
        if (!TrialPaths.IsInside(trialDirectory, full))
        {
            return "checkpoint path is outside the trial directory";
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "checkpoint path does not exist (report it after writing it)";
        }

        Advance(c.Step);
        LastCheckpoint = c with { Path = full };
        context.Reporter.Checkpoint(c.Step, c.Fraction, full);
        if (context.PauseAtFraction is { } pauseAt && c.Fraction >= pauseAt)
        {
            _pauseReached.TrySetResult();
        }

        return null;
    }

    private void Advance(long step) => LastStep = Math.Max(LastStep, step);

    private static string Preview(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line.Length > 200 ? line[..200] : line);
        return ValueRules.Printable(text) + (line.Length > 200 ? string.Create(CultureInfo.InvariantCulture, $" ({line.Length} bytes)") : "");
    }

    private sealed class Sink(ProtocolSession session, string channel, bool marker) : ILineSink
    {
        public void Line(ReadOnlySpan<byte> line)
        {
            if (!marker)
            {
                session.Accept(line, channel);
            }
            else if (line.StartsWith(Marker))
            {
                session.Accept(line[Marker.Length..], channel);
            }
        }

        public void Oversized(long bytes)
        {
            if (!marker)
            {
                lock (session._gate)
                {
                    session.Skip(string.Create(CultureInfo.InvariantCulture, $"{channel}: line of {bytes} bytes exceeds {ProtocolParser.MaxLineBytes}"));
                }
            }
        }
    }
}
