using System.Text.Json;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Command;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>
/// A temp folder with a node work directory and child scripts, and helpers to build command runners
/// and trial contexts. Deleted on dispose.
/// </summary>
internal sealed class CommandHarness : IDisposable
{
    public CommandHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sweepcluster-cmd-tests", Guid.NewGuid().ToString("N"));
        WorkDirectory = Path.Combine(Directory, "work");
        System.IO.Directory.CreateDirectory(WorkDirectory);
    }

    public string Directory { get; }

    public string WorkDirectory { get; }

    public NodeOptions Node { get; set; } = null!;

    /// <summary>Writes a script into the harness folder and returns its path.</summary>
    public string Script(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>One runner from a single template given as a JSON object (the value under its name).</summary>
    public CommandRunner Runner(string templateJson, IReadOnlyList<string>? gpus = null)
    {
        Node = new NodeOptions { NodeId = "test", Slots = 2, WorkDirectory = WorkDirectory, Gpus = gpus };
        var json = $$"""{ "templates": { "t": {{templateJson}} } }""";
        return (CommandRunner)CommandRunnerFactory.Parse(json, "templates.json", Directory, Node).Single();
    }

    /// <summary>A template running <c>python3 SCRIPT args…</c> with the examples folder on PYTHONPATH.</summary>
    public CommandRunner PythonRunner(string script, string[] args, string extra = "")
    {
        var argv = JsonSerializer.Serialize(new[] { RepositoryPaths.Python, script }.Concat(args).ToArray());
        var environment = JsonSerializer.Serialize(new Dictionary<string, string> { ["PYTHONPATH"] = RepositoryPaths.Examples });
        return Runner($$"""{ "argv": {{argv}}, "environment": {{environment}}, "stop_grace_seconds": 5 {{extra}} }""");
    }

    /// <summary>A context for trial (0, init, order) of sweep <c>s</c> in the work directory.</summary>
    public TrialContext Context(
        RecordingReporter reporter,
        int init = 1,
        int order = 2,
        int attempt = 1,
        string? resumeFrom = null,
        double? pauseAt = null,
        IReadOnlyDictionary<string, string>? values = null,
        string? trialDirectory = null,
        int slot = 0,
        CancellationToken stop = default,
        CancellationToken pause = default)
    {
        var spec = TestSpecs.Simulated(name: "s") with
        {
            Runner = new RunnerSpec("command", "t", values ?? new Dictionary<string, string>(), null),
        };
        var key = new TrialKey("s", 0, init, order);
        var directory = trialDirectory ?? Path.Combine(WorkDirectory, "s", $"c0-w{init}-d{order}");
        return new TrialContext(key, attempt, spec, spec.Training, directory, resumeFrom, pauseAt, reporter, TimeProvider.System, 3, stop, pause, slot);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling child may still hold a file: the OS cleans temp folders.
        }
    }
}
