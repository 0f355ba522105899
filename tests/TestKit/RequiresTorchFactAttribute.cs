using System.Diagnostics;
using Xunit;

namespace SweepCluster.TestKit;

/// <summary>
/// A <see cref="FactAttribute"/> that skips its test unless a Python interpreter that can
/// <c>import torch</c> is present (Debian's <c>python3-torch</c> installs into the system
/// <c>/usr/bin/python3</c>, which may differ from the <c>python3</c> first on PATH).
/// <see cref="Python"/> names the interpreter to run.
/// </summary>
public sealed class RequiresTorchFactAttribute : FactAttribute
{
    /// <summary>The skip reason when torch is missing.</summary>
    public const string SkipReason = "needs python3 with torch: apt-get install python3-torch";

    private static readonly Lazy<string?> Probe = new(FindPythonWithTorch);

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no interpreter with torch is found.</summary>
    public RequiresTorchFactAttribute()
    {
        if (Python is null)
        {
            Skip = SkipReason;
        }
    }

    /// <summary>Path or name of a Python interpreter that imports torch, or null if there is none.</summary>
    public static string? Python => Probe.Value;

    private static string? FindPythonWithTorch()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
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
                var errors = process.StandardError.ReadToEndAsync();
                process.StandardOutput.ReadToEnd();
                errors.GetAwaiter().GetResult();
                if (process.WaitForExit(TimeSpan.FromSeconds(60)) && process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Interpreter not installed under this name: try the next one.
            }
        }

        return null;
    }
}
