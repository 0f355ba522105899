using System.Globalization;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>Looks at processes through /proc (Linux), and waits for conditions with a bound.</summary>
internal static class ProcessProbe
{
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

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; false after <paramref name="limit"/>. Used only
    /// for facts the OS offers no wait handle for (whether a grandchild or an orphaned process, which is
    /// not our child, has died), so polling is the sync point; it is bounded, never a fixed sleep.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        return true;
    }
}
