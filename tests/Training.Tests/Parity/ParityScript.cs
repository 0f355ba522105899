using System.Diagnostics;
using SweepCluster.TestKit;

namespace SweepCluster.Training.Tests.Parity;

/// <summary>Runs a PyTorch reference script of tests/Parity with the interpreter <see cref="TorchPython"/> found.</summary>
internal static class ParityScript
{
    /// <summary>Runs tests/Parity/<paramref name="script"/> on <paramref name="directory"/>; fails the test with its output when it fails.</summary>
    public static async Task RunAsync(string script, string directory)
    {
        var path = Path.Combine(TorchPython.RepositoryRoot(), "tests", "Parity", script);
        using var process = Process.Start(new ProcessStartInfo(TorchPython.Executable!, [path, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
