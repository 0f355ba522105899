using System.Diagnostics;
using System.Globalization;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// One network of deploy/netns-cluster.sh (<c>--up</c>): a namespace per host (<c>coordinator</c>,
/// <c>node1</c>…), joined by a bridge in a switch namespace, reachable from the test's own namespace.
/// Disposing removes it (<c>--cleanup PREFIX</c>, which also kills anything left running in it).
/// </summary>
internal sealed class NetnsNetwork : IDisposable
{
    /// <summary>Skip reason when network namespaces cannot be created here.</summary>
    public const string MissingReason = "needs root and iproute2 for network namespaces (ip netns, bridge): run as root, apt-get install iproute2";

    private const int Port = 7878;
    private static readonly Lazy<string?> Probe = new(ProbeSkipReason);

    private NetnsNetwork(string prefix, string subnet)
    {
        Prefix = prefix;
        CoordinatorUrl = $"http://{subnet}.2:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Null when namespaces work here; otherwise <see cref="MissingReason"/> and why.</summary>
    public static string? SkipReason => Probe.Value;

    /// <summary>Unique name prefix of the namespaces (<c>swn</c> + 6 hex digits).</summary>
    public string Prefix { get; }

    /// <summary>Where the coordinator listens (in its namespace) and everyone reaches it.</summary>
    public string CoordinatorUrl { get; }

    /// <summary>Creates a network for a coordinator and <paramref name="nodes"/> nodes.</summary>
    public static NetnsNetwork Create(int nodes)
    {
        var prefix = "swn" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            var output = Script("--up", prefix, nodes.ToString(CultureInfo.InvariantCulture));
            var subnet = output.Split('\n').Single(l => l.StartsWith("subnet ", StringComparison.Ordinal))["subnet ".Length..].Trim();
            return new NetnsNetwork(prefix, subnet);
        }
        catch
        {
            Script("--cleanup", prefix);
            throw;
        }
    }

    /// <summary>
    /// The <see cref="ProcessCluster"/> launcher: role "coordinator" runs in the coordinator's
    /// namespace, node id "n1" in node1's, "n2" in node2's….
    /// </summary>
    public IReadOnlyList<string> Launcher(string role) =>
        ["ip", "netns", "exec", $"{Prefix}-{(role == "coordinator" ? "coord" : "node" + role.TrimStart('n'))}"];

    /// <summary>Drops every frame to and from node <paramref name="index"/> in the middle of the network.</summary>
    public void Partition(int index) => Script("--partition", Prefix, "node" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Undoes <see cref="Partition"/>.</summary>
    public void Heal(int index) => Script("--heal", Prefix, "node" + index.ToString(CultureInfo.InvariantCulture));

    public void Dispose() => Script("--cleanup", Prefix);

    private static string ScriptPath()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var script = Path.Combine(dir, "deploy", "netns-cluster.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException("deploy/netns-cluster.sh not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs the script; throws with its output when it fails.</summary>
    private static string Script(params string[] args)
    {
        var (code, output) = Run("bash", [ScriptPath(), .. args]);
        return code == 0 ? output : throw new InvalidOperationException($"netns-cluster.sh {string.Join(' ', args)} exited {code}:\n{output}");
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string? ProbeSkipReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return MissingReason + " (Linux only)";
        }

        var name = "swnprobe" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            var (added, output) = Run("ip", ["netns", "add", name]);
            if (added != 0)
            {
                return $"{MissingReason} ('ip netns add' failed: {output.Trim()})";
            }

            Run("ip", ["netns", "del", name]);
            return Run("bridge", ["-V"]).Code == 0 ? null : MissingReason + " ('bridge' failed)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{MissingReason} ({e.Message})";
        }
    }
}
