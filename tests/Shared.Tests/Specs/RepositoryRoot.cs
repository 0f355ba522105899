namespace SweepCluster.Shared.Tests.Specs;

/// <summary>Finds the repository checkout the tests were built from.</summary>
internal static class RepositoryRoot
{
    /// <summary>The nearest folder above the test binaries that holds SweepCluster.sln.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SweepCluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SweepCluster.sln above {AppContext.BaseDirectory}.");
    }
}
