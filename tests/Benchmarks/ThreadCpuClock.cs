using System.Runtime.InteropServices;

namespace SweepCluster.Benchmarks;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>). Unlike wall time it
/// does not advance while the thread is descheduled, which on a shared, oversubscribed machine is
/// the difference between a measurement and noise. Unavailable elsewhere.
/// </summary>
public static unsafe partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the clock can be read on this platform.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>Seconds of CPU time used by the calling thread.</summary>
    public static double Now() => TryRead(out var seconds) ? seconds : throw new PlatformNotSupportedException();

    private static bool TryRead(out double seconds)
    {
        var timespec = stackalloc long[2];
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, timespec) == 0)
            {
                seconds = timespec[0] + (timespec[1] * 1e-9);
                return true;
            }
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        seconds = 0;
        return false;
    }

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, long* timespec);
}
