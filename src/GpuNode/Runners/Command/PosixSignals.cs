using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Sends POSIX signals to processes and process groups (libc <c>kill</c>).</summary>
internal static partial class PosixSignals
{
    /// <summary>SIGKILL (same number on Linux and macOS).</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM (same number on Linux and macOS).</summary>
    public const int Terminate = 15;

    /// <summary>SIGUSR1: 10 on Linux, 30 on macOS and the BSDs.</summary>
    public static int User1 { get; } = OperatingSystem.IsLinux() ? 10 : 30;

    /// <summary>A readable name for a signal number, for messages.</summary>
    public static string Name(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        6 => "SIGABRT",
        Kill => "SIGKILL",
        11 => "SIGSEGV",
        Terminate => "SIGTERM",
        _ when signal == User1 => "SIGUSR1",
        _ => $"signal {signal}",
    };

    /// <summary>Sends <paramref name="signal"/> to the process group <paramref name="groupId"/>; false when no process is in it.</summary>
    public static bool SendToGroup(int groupId, int signal) => groupId > 0 && SendSignal(-groupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it does not exist.</summary>
    public static bool SendToProcess(int processId, int signal) => processId > 0 && SendSignal(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
