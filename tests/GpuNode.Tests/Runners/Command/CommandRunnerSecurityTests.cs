using System.Text.Json;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>What a spec cannot make a node do: run other commands, split arguments, leave the work directory.</summary>
public sealed class CommandRunnerSecurityTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly CommandHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private string TrialDir => Path.Combine(_harness.WorkDirectory, "s", "c0-w1-d2");

    private JsonElement Dump() => JsonDocument.Parse(File.ReadAllText(Path.Combine(TrialDir, "argv.json"))).RootElement;

    [Fact]
    public async Task Run_ValuesWithSeparators_EachArrivesAsOneArgument()
    {
        var runner = _harness.PythonRunner(_harness.Script("dump.py", ChildScripts.Dump), ["--a={values.a}", "{values.b}", "--seed={init_seed}"], """, "values": { "a": null, "b": null }""");
        var values = new Dictionary<string, string> { ["a"] = "x=1,y=2 ", ["b"] = "p/q:r+s" };

        var refused = await runner.RunAsync(_harness.Context(new RecordingReporter(), values: values)).WaitAsync(Limit);
        values["a"] = "x=1,y=2";
        var result = await runner.RunAsync(_harness.Context(new RecordingReporter(), values: values)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, "template 't': runner.values.a: value of {values.a} is refused: 'x=1,y=2 ' must be at most 256 characters from A-Z a-z 0-9 . _ : / = + , -"), refused);
        Assert.Equal(TrialResult.Completed(null, 0), result);
        Assert.Equal(["--a=x=1,y=2", "p/q:r+s", "--seed=1"], Dump().GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Run_InjectionAttempt_NothingIsExecuted()
    {
        var marker = Path.Combine(_harness.Directory, "pwned");
        var runner = _harness.Runner("""{ "argv": ["/bin/echo", "--m={values.m}"], "values": { "m": null } }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter(), values: new Dictionary<string, string> { ["m"] = $"x; touch {marker}" })).WaitAsync(Limit);

        Assert.Equal(TrialOutcomeKind.Failed, result.Outcome);
        Assert.StartsWith("template 't': runner.values.m: value of {values.m} is refused: ", result.Message);
        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(Path.Combine(TrialDir, "logs"))); // refused before anything was launched
    }

    [Fact]
    public async Task Run_DevicesAndThreads_GpuSlotGetsItsGpuAndEveryVariableIsSet()
    {
        var script = _harness.Script("dump.py", ChildScripts.Dump);
        var runner = _harness.Runner($$"""{ "argv": ["{{RepositoryPaths.Python}}", "{{script}}", "{device}"] }""", gpus: ["3", "5"]);

        await runner.RunAsync(_harness.Context(new RecordingReporter(), slot: 1)).WaitAsync(Limit);

        var dump = Dump();
        var env = dump.GetProperty("env");
        Assert.Equal(["cuda"], dump.GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(TrialDir, dump.GetProperty("cwd").GetString());
        Assert.Equal(("5", "3", "3", "3", "cuda", "1"),
            (env.GetProperty("CUDA_VISIBLE_DEVICES").GetString(), env.GetProperty("OMP_NUM_THREADS").GetString(), env.GetProperty("OPENBLAS_NUM_THREADS").GetString(),
             env.GetProperty("MKL_NUM_THREADS").GetString(), env.GetProperty("SWEEP_DEVICE").GetString(), env.GetProperty("SWEEP_INIT_SEED").GetString()));
        Assert.True(int.Parse(env.GetProperty("SWEEP_PROTOCOL_FD").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 2);
    }

    [Fact]
    public async Task Run_CpuNode_NoGpuVisible()
    {
        var runner = _harness.Runner($$"""{ "argv": ["{{RepositoryPaths.Python}}", "{{_harness.Script("dump.py", ChildScripts.Dump)}}", "{device}"] }""");

        await runner.RunAsync(_harness.Context(new RecordingReporter(), slot: 1)).WaitAsync(Limit);

        Assert.Equal(("", "cpu"), (Dump().GetProperty("env").GetProperty("CUDA_VISIBLE_DEVICES").GetString(), Dump().GetProperty("argv")[0].GetString()));
    }

    [Theory]
    [InlineData("../outside/c0-w1-d2")]
    [InlineData("s/../../outside")]
    [InlineData(".")]
    [InlineData("/tmp/elsewhere")]
    public async Task Run_TrialDirectoryOutsideTheWorkDirectory_FailedWithoutLaunching(string relative)
    {
        var runner = _harness.Runner("""{ "argv": ["/bin/true"] }""");
        var directory = Path.Combine(_harness.WorkDirectory, relative);

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter(), trialDirectory: directory)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, $"trial directory '{directory}' is not inside the node's work directory '{_harness.WorkDirectory}'"), result);
        Assert.False(Directory.Exists(Path.Combine(_harness.Directory, "outside")));
    }

    [Fact]
    public async Task Run_TrialDirectoryThroughASymbolicLink_FailedWithoutLaunching()
    {
        var outside = Path.Combine(_harness.Directory, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(_harness.WorkDirectory, "s"), outside);
        var runner = _harness.Runner("""{ "argv": ["/bin/true"] }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, $"trial directory '{TrialDir}' passes through the symbolic link '{Path.Combine(_harness.WorkDirectory, "s")}'"), result);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../c0-w9-d9/ck.json")]
    [InlineData("missing.json")]
    public async Task Run_ResumeFromOutsideTheTrialDirectoryOrMissing_Failed(string checkpoint)
    {
        var runner = _harness.Runner("""{ "argv": ["/bin/true", "{resume_from?}"] }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter(), resumeFrom: checkpoint)).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, $"cannot resume: checkpoint '{checkpoint}' is not in this node's trial directory {TrialDir}"), result);
    }

    [Fact]
    public async Task Run_MissingExecutable_FailedSayingSo()
    {
        var runner = _harness.Runner("""{ "argv": ["/nonexistent/train"] }""");

        var result = await runner.RunAsync(_harness.Context(new RecordingReporter())).WaitAsync(Limit);

        Assert.Equal(TrialResult.Failed(0, $"cannot start '/nonexistent/train' in {TrialDir}: the executable does not exist"), result);
    }
}
