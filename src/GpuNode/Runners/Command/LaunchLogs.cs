using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// The log files of one launch in <c>TRIAL_DIR/logs</c>: <c>attempt-N.stdout.log</c>,
/// <c>attempt-N.stderr.log</c> (each bounded, tail kept) and <c>attempt-N.protocol.log</c> (skipped
/// protocol lines with the reason). A resumed attempt appends after a header line.
/// </summary>
internal sealed class LaunchLogs : IDisposable
{
    private const long ProtocolLogLimit = 1024 * 1024;

    private readonly Lock _protocolGate = new();

    public LaunchLogs(string trialDirectory, int attempt, long limitBytes)
    {
        var directory = Path.Combine(trialDirectory, "logs");
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"attempt-{attempt}"));
        Stdout = new BoundedLog(stem + ".stdout.log", limitBytes);
        Stderr = new BoundedLog(stem + ".stderr.log", limitBytes);
        Protocol = new BoundedLog(stem + ".protocol.log", ProtocolLogLimit);
    }

    public BoundedLog Stdout { get; }

    public BoundedLog Stderr { get; }

    public BoundedLog Protocol { get; }

    /// <summary>Writes a header naming the launch (time, argv, working directory) to stdout's log.</summary>
    public void WriteHeader(DateTimeOffset now, LaunchPlan plan, int processId)
    {
        var argv = JsonSerializer.Serialize(new[] { plan.Executable }.Concat(plan.Arguments).ToArray(), LaunchLogsJson.Default.StringArray);
        var header = string.Create(CultureInfo.InvariantCulture, $"# sweep: launched pid {processId} at {now:O} in {plan.WorkingDirectory}: {argv}\n");
        Stdout.Write(Encoding.UTF8.GetBytes(header));
        Stdout.Flush();
    }

    /// <summary>Records a skipped protocol line.</summary>
    public void Skipped(string reason)
    {
        lock (_protocolGate)
        {
            Protocol.Write(Encoding.UTF8.GetBytes(reason + "\n"));
            Protocol.Flush();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Stdout.Dispose();
        Stderr.Dispose();
        Protocol.Dispose();
    }
}
