using System.Globalization;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>
/// Looks at processes through /proc (Linux). Whether a grandchild or an orphaned process (not our
/// child) has died is a fact the OS offers no wait handle for, so tests poll <see cref="IsGone"/>
/// with <see cref="Eventually"/>, every <see cref="PollInterval"/>.
/// </summary>
internal static class ProcessProbe
{
    /// <summary>How often tests look at /proc while waiting for a process to go.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>True when the process no longer runs (absent, or a zombie waiting to be reaped).</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The pid a child script wrote to a file.</summary>
    public static int ReadPid(string path) => int.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture);
}
