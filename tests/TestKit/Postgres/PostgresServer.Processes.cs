using System.Diagnostics;
using System.Globalization;

namespace SweepCluster.TestKit.Postgres;

// Running the PostgreSQL programs (as the postgres user under root) and cleaning up clusters.
public sealed partial class PostgresServer
{
    private const string DirectoryPrefix = "sweepcluster-pg-";
    private const string OwnerFile = "owner.pid";

    private static async Task CreateRootAsync(string root, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
        }
        else if (PostgresBinaries.RunAsUser is null)
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            // The server's user must own the directory (initdb creates data/ in it, the server writes its log and socket there).
            await RunAsync("mkdir", ["-m", "700", root], "/tmp", ct).ConfigureAwait(false);
        }
    }

    private static async Task StopAndDeleteAsync(string root, string bin)
    {
        var data = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-w", "-m", "immediate", "-D", data], root, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Not running (any more): nothing to stop.
            }
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Stops and deletes clusters left by test processes that died before disposing them.</summary>
    private static async Task RemoveAbandonedAsync(string temp, string bin)
    {
        foreach (var root in Directory.EnumerateDirectories(temp, DirectoryPrefix + "*"))
        {
            string owner;
            try
            {
                owner = await File.ReadAllTextAsync(Path.Combine(root, OwnerFile)).ConfigureAwait(false);
            }
            catch (IOException)
            {
                continue; // being created right now, or already being removed
            }

            if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                try
                {
                    await StopAndDeleteAsync(root, bin).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another process is cleaning it up at the same time.
                }
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Runs a program to completion (as <see cref="PostgresBinaries.RunAsUser"/> when set); throws with its output if it fails.</summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server's user may not be able to enter our working directory.
            WorkingDirectory = workingDirectory,
        };
        if (PostgresBinaries.RunAsUser is { } user)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", user, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var log = arguments.SkipWhile(a => a != "-l").Skip(1).FirstOrDefault() is { } logFile && File.Exists(logFile)
                ? "\nserver log:\n" + await File.ReadAllTextAsync(logFile, ct).ConfigureAwait(false)
                : "";
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with code {process.ExitCode}:\n" +
                $"{await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}{log}");
        }
    }
}
