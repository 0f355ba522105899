using System.Diagnostics;
using System.IO.Pipes;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// A launched trial process in a process group of its own, with its stdout, stderr and protocol pipe.
/// The group comes from starting the command through <c>setsid</c> (util-linux), which makes the
/// child a session and group leader before it execs the command; every descendant that does not
/// leave the group is then reached by one <c>kill(-pgid, …)</c>.
/// </summary>
/// <remarks>
/// The protocol channel is an anonymous pipe whose write end the child inherits under the descriptor
/// number given in <c>SWEEP_PROTOCOL_FD</c>. .NET offers no way to pass one descriptor to one child, so
/// the write end is made inheritable only while this class starts its process, under a lock shared by
/// every launch, and closed in the parent right after: other children started by this class never
/// see it. (A process started elsewhere in the node at that very moment could inherit it; the only
/// effect would be a late end-of-file, which the runner does not wait for.)
/// </remarks>
internal sealed class ChildProcess : IDisposable
{
    private static readonly Lock SpawnLock = new();
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly Process _process;
    private readonly AnonymousPipeServerStream _protocol;

    private ChildProcess(Process process, AnonymousPipeServerStream protocol, bool ownGroup)
    {
        _process = process;
        _protocol = protocol;
        OwnGroup = ownGroup;
        Id = process.Id;
    }

    /// <summary>Process id; also the process group id when <see cref="OwnGroup"/>.</summary>
    public int Id { get; }

    /// <summary>True when the child leads its own process group (setsid was found).</summary>
    public bool OwnGroup { get; }

    /// <summary>The child's stdout.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The child's stderr.</summary>
    public Stream Error => _process.StandardError.BaseStream;

    /// <summary>The read end of the protocol pipe.</summary>
    public Stream Protocol => _protocol;

    /// <summary>Starts the plan. Throws <see cref="System.ComponentModel.Win32Exception"/> when the executable cannot be started.</summary>
    public static ChildProcess Start(LaunchPlan plan)
    {
        var info = new ProcessStartInfo(Setsid ?? plan.Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = plan.WorkingDirectory,
        };
        if (Setsid is not null)
        {
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(plan.Executable);
        }

        foreach (var argument in plan.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in plan.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        Process process;
        AnonymousPipeServerStream protocol;
        lock (SpawnLock)
        {
            protocol = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
            info.Environment["SWEEP_PROTOCOL_FD"] = protocol.GetClientHandleAsString();
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {plan.Executable}");
            }
            catch
            {
                protocol.Dispose();
                throw;
            }
            finally
            {
                protocol.DisposeLocalCopyOfClientHandle();
            }
        }

        process.StandardInput.Close();
        var child = new ChildProcess(process, protocol, Setsid is not null);
        ProcessGroups.Track(child.Id, child.OwnGroup);
        return child;
    }

    /// <summary>Completes with the exit code when the child (not its descendants) has exited; 128+n after signal n.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal to the child's whole group (or to the child alone without a group of its own).</summary>
    public void Signal(int signal)
    {
        // Just after Start the child may not have called setsid() yet; the group does not exist then.
        if (!(OwnGroup && PosixSignals.SendToGroup(Id, signal)))
        {
            PosixSignals.SendToProcess(Id, signal);
        }
    }

    /// <summary>Kills whatever is left of the group once the child has exited (no orphaned grandchildren).</summary>
    public void KillRemains()
    {
        if (OwnGroup)
        {
            PosixSignals.SendToGroup(Id, PosixSignals.Kill);
        }

        ProcessGroups.Forget(Id);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _protocol.Dispose();
        _process.Dispose();
    }
}
