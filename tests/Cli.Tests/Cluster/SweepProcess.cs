using System.Diagnostics;
using System.Text;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>A <c>sweep</c> command run as a real OS process (<c>dotnet sweep.dll …</c> from the test's output directory).</summary>
internal sealed class SweepProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _lineSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SweepProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static SweepProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartWith([], workingDirectory, environment, args);

    /// <summary>
    /// The same run through <paramref name="launcher"/>, a command that ends by exec-ing its
    /// arguments in the same process (e.g. <c>ip netns exec NS</c>), so that <see cref="Id"/>,
    /// <see cref="Kill"/> and <see cref="Signal"/> still reach the <c>sweep</c> process.
    /// </summary>
    public static SweepProcess StartWith(IReadOnlyList<string> launcher, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in launcher.Skip(1).Concat(launcher.Count > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sweep.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var result = new SweepProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task seen;
            lock (_gate)
            {
                var line = _output.ToString().Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line.Trim();
                }

                seen = _lineSeen.Task;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"process exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            }

            await Task.WhenAny(seen, Task.Delay(Timeout.Infinite, cts.Token)).ConfigureAwait(false);
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no cleanup at all.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Sends a signal by name (STOP, CONT, TERM) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            _output.AppendLine(line);
            signal = _lineSeen;
            _lineSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }
}
