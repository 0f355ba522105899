using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.GpuNode.Agent;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Creates command runners from a node's templates file (docs/command-runner.md).</summary>
public static class CommandRunnerFactory
{
    /// <summary>
    /// Reads and checks the templates file at <paramref name="path"/> and returns one runner per
    /// template, with kind <c>command:NAME</c>. Trial directories must lie under
    /// <paramref name="node"/>'s work directory; slots map to its GPUs.
    /// </summary>
    /// <exception cref="CommandTemplateException">The file is missing, malformed or invalid; the message lists every problem.</exception>
    public static IReadOnlyList<ITrialRunner> Load(string path, NodeOptions node, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(node);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandTemplateException($"{path}: cannot read the templates file: {ex.Message}", ex);
        }

        var full = Path.GetFullPath(path);
        return Parse(text, path, Path.GetDirectoryName(full)!, node, loggerFactory);
    }

    /// <summary>Like <see cref="Load"/> for templates already in memory; relative working directories resolve against <paramref name="baseDirectory"/>.</summary>
    public static IReadOnlyList<ITrialRunner> Parse(string json, string source, string baseDirectory, NodeOptions node, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SweepCluster.GpuNode.Runners.Command.CommandRunner");
        var templates = new CommandTemplateParser(source, baseDirectory).Parse(json);
        return [.. templates.Select(t => new CommandRunner(t, node.WorkDirectory, node.GpuForSlot, logger))];
    }
}
