namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Keeps trial directories and checkpoints inside the node's work directory.</summary>
internal static class TrialPaths
{
    /// <summary>True when <paramref name="path"/> (full) lies strictly inside <paramref name="directory"/> (full).</summary>
    public static bool IsInside(string directory, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length;
    }

    /// <summary>
    /// Resolves and creates the trial directory; null and the reason when it is not strictly inside the
    /// work directory, or when a directory on the way is a symbolic link (which could lead outside).
    /// </summary>
    public static string? Prepare(string workDirectory, string trialDirectory, out string? error)
    {
        var root = Path.GetFullPath(workDirectory);
        var full = Path.GetFullPath(trialDirectory);
        if (!IsInside(root, full))
        {
            error = $"trial directory '{trialDirectory}' is not inside the node's work directory '{root}'";
            return null;
        }

        // Checked before creating (CreateDirectory would follow a link) and after (the tree may have changed).
        error = SymbolicLinkOnTheWay(root, full);
        if (error is null)
        {
            Directory.CreateDirectory(full);
            error = SymbolicLinkOnTheWay(root, full);
        }

        if (error is not null)
        {
            return null;
        }

        return full;
    }

    private static string? SymbolicLinkOnTheWay(string root, string full)
    {
        for (var dir = full; dir.Length > root.Length; dir = Path.GetDirectoryName(dir)!)
        {
            if (new DirectoryInfo(dir).LinkTarget is not null)
            {
                return $"trial directory '{full}' passes through the symbolic link '{dir}'";
            }
        }

        return null;
    }
}
