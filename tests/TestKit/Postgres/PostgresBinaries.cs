using System.Runtime.InteropServices;

namespace SweepCluster.TestKit.Postgres;

/// <summary>
/// Finds the PostgreSQL server programs (Debian's <c>postgresql</c> package puts <c>initdb</c> and
/// <c>pg_ctl</c> in <c>/usr/lib/postgresql/VERSION/bin</c>; the newest version wins; the
/// environment variable <c>SWEEPCLUSTER_PG_BIN</c> names another directory) and decides
/// which OS user runs them: PostgreSQL refuses to run as root, so under root they run as the
/// <c>postgres</c> user (which the package creates) through <c>runuser</c>.
/// </summary>
public static partial class PostgresBinaries
{
    /// <summary>The skip reason when the server binaries are absent.</summary>
    public const string MissingReason = "needs PostgreSQL server binaries: apt-get install postgresql";

    /// <summary>Environment variable naming the directory of <c>initdb</c> and <c>pg_ctl</c>, instead of the Debian location.</summary>
    public const string DirectoryVariable = "SWEEPCLUSTER_PG_BIN";

    private static readonly Lazy<(string? Directory, string? SkipReason)> Probe = new(Find);

    /// <summary>The directory holding <c>initdb</c> and <c>pg_ctl</c>, or null.</summary>
    public static string? Directory => Probe.Value.Directory;

    /// <summary>Null when a throwaway server can be started here; otherwise why not.</summary>
    public static string? SkipReason => Probe.Value.SkipReason;

    /// <summary>The OS user the server runs as when this process is root; null to run as ourselves.</summary>
    public static string? RunAsUser => IsRoot ? "postgres" : null;

    private static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    private static (string?, string?) Find()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } chosen)
        {
            return HasPrograms(chosen) ? Usable(chosen) : (null, $"{MissingReason} ({DirectoryVariable}={chosen} holds no initdb and pg_ctl)");
        }

        const string Root = "/usr/lib/postgresql";
        var bin = System.IO.Directory.Exists(Root)
            ? System.IO.Directory.GetDirectories(Root)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(c => c.Version >= 0 && HasPrograms(c.Bin))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .FirstOrDefault()
            : null;
        return bin is null ? (null, MissingReason) : Usable(bin);
    }

    private static bool HasPrograms(string bin) => File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb"));

    private static (string?, string?) Usable(string bin)
    {
        if (IsRoot && !File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            return (bin, "PostgreSQL will not run as root and there is no 'postgres' OS user to run it: apt-get install postgresql creates one");
        }

        return (bin, null);
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
