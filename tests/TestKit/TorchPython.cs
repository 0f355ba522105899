using System.Diagnostics;

namespace SweepCluster.TestKit;

/// <summary>
/// Finds a Python 3 interpreter that can <c>import torch</c> (probed once per test run): <c>python3</c>
/// on the PATH first, then <c>/usr/bin/python3</c>, where Debian's <c>python3-torch</c> lives even
/// when a version manager such as pyenv shadows it on the PATH.
/// </summary>
public static class TorchPython
{
    private static readonly Lazy<string?> Found = new(Probe);

    /// <summary>The interpreter to run, or null when none has torch.</summary>
    public static string? Executable => Found.Value;

    /// <summary>The repository root: the nearest ancestor of the test binaries holding SweepCluster.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SweepCluster.sln above {AppContext.BaseDirectory}.");
    }

    private static string? Probe()
    {
        foreach (var candidate in (string[])["python3", "/usr/bin/python3"])
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import torch"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    continue;
                }

                // Drain both pipes concurrently so a chatty import cannot block on a full pipe.
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                if (process.WaitForExit(TimeSpan.FromSeconds(120)) && Task.WaitAll([output, error], TimeSpan.FromSeconds(10)) && process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name: try the next one.
            }
        }

        return null;
    }
}
