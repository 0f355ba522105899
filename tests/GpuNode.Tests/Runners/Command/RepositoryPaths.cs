namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>Paths in the repository the tests run from, and the Python interpreters they use.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder with SweepCluster.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The examples folder (holds sweep_protocol.py).</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>A Python 3 for stdlib-only child scripts: Debian's when present (starts faster than a pyenv shim).</summary>
    public static string Python { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "SweepCluster.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("SweepCluster.sln not found above " + AppContext.BaseDirectory);
    }
}
