using System.Collections.Concurrent;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// The trial process groups alive in this node process, killed when the node process exits normally
/// (Ctrl-C after the grace period, end of <c>Main</c>), so that an exiting node leaves no training
/// process behind. A node killed with SIGKILL cannot do this; see docs/command-runner.md.
/// </summary>
internal static class ProcessGroups
{
    private static readonly ConcurrentDictionary<int, bool> Live = new();
    private static int _hooked;

    /// <summary>Remembers a launched child.</summary>
    public static void Track(int processId, bool ownGroup)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        Live[processId] = ownGroup;
    }

    /// <summary>Forgets a child whose group has been cleaned up.</summary>
    public static void Forget(int processId) => Live.TryRemove(processId, out _);

    private static void KillAll()
    {
        foreach (var (id, ownGroup) in Live)
        {
            if (!(ownGroup && PosixSignals.SendToGroup(id, PosixSignals.Kill)))
            {
                PosixSignals.SendToProcess(id, PosixSignals.Kill);
            }
        }
    }
}
