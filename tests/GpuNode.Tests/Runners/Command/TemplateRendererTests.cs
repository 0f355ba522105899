using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class TemplateRendererTests : IDisposable
{
    private readonly CommandHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private LaunchPlan? Render(string templateJson, out string? error, IReadOnlyDictionary<string, string>? values = null, string? resumeFrom = null, string? gpu = null, double? pauseAt = null)
    {
        var runner = _harness.Runner(templateJson);
        var context = _harness.Context(new RecordingReporter(), init: 7, order: 9, values: values, pauseAt: pauseAt);
        var trialDirectory = Path.Combine(_harness.WorkDirectory, "s", "c0-w7-d9");
        return TemplateRenderer.Render(runner.Template, new PlaceholderSource(context, trialDirectory, resumeFrom, gpu), out error);
    }

    [Fact]
    public void Render_SeedsTrainingAndSpecFields_EachInsideItsOneElement()
    {
        var plan = Render("""
            { "argv": ["python3", "train.py", "--init={init_seed}", "--order={order_seed}", "--lr={training.learning_rate}",
                       "--epochs={training.epochs}", "{task.kind}", "--m={metric.name}", "--t={threads}", "--dir={trial_dir}", "--attempt={attempt}",
                       "--dev={device}", "{config_index}{slot}"],
              "working_directory": "scripts" }
            """, out var error)!;

        Assert.Null(error);
        Assert.Equal("python3", plan.Executable);
        var dir = Path.Combine(_harness.WorkDirectory, "s", "c0-w7-d9");
        Assert.Equal(["train.py", "--init=7", "--order=9", "--lr=2E-05", "--epochs=3", "synthetic", "--m=accuracy", "--t=3", $"--dir={dir}", "--attempt=1", "--dev=cpu", "00"], plan.Arguments);
        Assert.Equal(Path.Combine(_harness.Directory, "scripts"), plan.WorkingDirectory);
    }

    [Fact]
    public void Render_NoWorkingDirectory_RunsInTheTrialDirectory()
    {
        var plan = Render("""{ "argv": ["x"] }""", out _)!;

        Assert.Equal(Path.Combine(_harness.WorkDirectory, "s", "c0-w7-d9"), plan.WorkingDirectory);
    }

    [Theory]
    [InlineData("; rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    [InlineData("x|y")]
    [InlineData("x&&y")]
    [InlineData(">out")]
    [InlineData("'q'")]
    [InlineData("\"q\"")]
    [InlineData("~/x")]
    [InlineData("*")]
    [InlineData("é")]
    public void Render_ShellOrControlCharactersInValue_Refused(string value)
    {
        var plan = Render("""{ "argv": ["x", "--m={values.m}"], "values": { "m": null } }""", out var error, new Dictionary<string, string> { ["m"] = value });

        Assert.Null(plan);
        Assert.Equal($"runner.values.m: value of {{values.m}} is refused: '{ValueRules.Printable(value)}' must be at most 256 characters from A-Z a-z 0-9 . _ : / = + , -", error);
    }

    [Fact]
    public void Render_OverlongValue_Refused()
    {
        Assert.Null(Render("""{ "argv": ["x", "--m={values.m}"], "values": { "m": null } }""", out var error, new Dictionary<string, string> { ["m"] = new string('a', 257) }));
        Assert.StartsWith("runner.values.m: value of {values.m} is refused: 'aaaa", error);
    }

    [Fact]
    public void Render_ValueWithSeparatorsAndTraversal_StaysOneArgument()
    {
        var plan = Render("""{ "argv": ["x", "--m={values.m}", "{values.m}"], "values": { "m": null } }""", out var error, new Dictionary<string, string> { ["m"] = "../a=b,c:d+e/f" })!;

        Assert.Null(error);
        Assert.Equal(["--m=../a=b,c:d+e/f", "../a=b,c:d+e/f"], plan.Arguments);
    }

    [Fact]
    public void Render_LeadingDashStartingAnElement_RefusedButAllowedAfterText()
    {
        var inside = Render("""{ "argv": ["x", "--m={values.m}"], "values": { "m": null } }""", out var ok, new Dictionary<string, string> { ["m"] = "-1" })!;
        var alone = Render("""{ "argv": ["x", "{values.m}"], "values": { "m": null } }""", out var refused, new Dictionary<string, string> { ["m"] = "--output=/etc/passwd" });
        var afterEmpty = Render("""{ "argv": ["x", "{values.e}{values.m}"], "values": { "m": null, "e": { "default": "" } } }""", out var refusedToo, new Dictionary<string, string> { ["m"] = "-rf" });

        Assert.Null(ok);
        Assert.Equal(["--m=-1"], inside.Arguments);
        Assert.Null(alone);
        Assert.Equal("value of {values.m} is refused: '--output=/etc/passwd' starts an argument with '-' (put the placeholder after text, e.g. --x={values.m})", refused);
        Assert.Null(afterEmpty);
        Assert.Equal("value of {values.m} is refused: '-rf' starts an argument with '-' (put the placeholder after text, e.g. --x={values.m})", refusedToo);
    }

    [Fact]
    public void Render_SpecValueTheTemplateDoesNotTake_Refused()
    {
        Assert.Null(Render("""{ "argv": ["x"], "values": { "b": null, "a": null } }""", out var error, new Dictionary<string, string> { ["argv0"] = "sh" }));
        Assert.Equal("runner.values.argv0: template 't' takes no value 'argv0' (it takes: a, b)", error);
    }

    [Fact]
    public void Render_ValuePatternAndDefault_AppliedInOrder()
    {
        const string Template = """{ "argv": ["x", "--m={values.m}"], "values": { "m": { "default": "tiny", "pattern": "tiny|base" } } }""";

        Assert.Equal(["--m=tiny"], Render(Template, out _)!.Arguments);
        Assert.Equal(["--m=base"], Render(Template, out _, new Dictionary<string, string> { ["m"] = "base" })!.Arguments);
        Assert.Null(Render(Template, out var error, new Dictionary<string, string> { ["m"] = "large" }));
        Assert.Equal("runner.values.m: 'large' does not match the pattern template 't' sets for it", error);
    }

    [Fact]
    public void Render_RequiredValueMissing_ClearError()
    {
        Assert.Null(Render("""{ "argv": ["x", "--m={values.m}"], "values": { "m": null } }""", out var error));
        Assert.Equal("{values.m} has no value: set runner.values.m in the spec", error);
    }

    [Fact]
    public void Render_OptionalPlaceholders_DropTheirElementOrGroupWhenAbsent()
    {
        const string Template = """{ "argv": ["x", "--resume={resume_from?}", ["--from", "{resume_from?}"], "--pause={fraction_pause?}", "--gpu={gpu?}", "end"] }""";
        var checkpoint = Path.Combine(_harness.WorkDirectory, "s", "c0-w7-d9", "ck.pt");

        Assert.Equal(["end"], Render(Template, out _)!.Arguments);
        Assert.Equal([$"--resume={checkpoint}", "--from", checkpoint, "--pause=0.3", "--gpu=2", "end"], Render(Template, out _, resumeFrom: checkpoint, gpu: "2", pauseAt: 0.3)!.Arguments);
    }

    [Fact]
    public void Render_Environment_DeviceThreadsTemplateAndProtocolVariables()
    {
        const string Template = """{ "argv": ["x"], "environment": { "OMP_NUM_THREADS": "8", "HF_HOME": "{trial_dir}/hf", "MODEL": "{values.m?}" }, "values": { "m": null } }""";
        var dir = Path.Combine(_harness.WorkDirectory, "s", "c0-w7-d9");

        var cpu = Render(Template, out _)!.Environment;
        var gpu = Render(Template, out _, gpu: "GPU-1a2b")!.Environment;

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["CUDA_VISIBLE_DEVICES"] = "",
                ["OMP_NUM_THREADS"] = "8",
                ["OPENBLAS_NUM_THREADS"] = "3",
                ["MKL_NUM_THREADS"] = "3",
                ["NUMEXPR_NUM_THREADS"] = "3",
                ["VECLIB_MAXIMUM_THREADS"] = "3",
                ["HF_HOME"] = dir + "/hf",
                ["MODEL"] = null,
                ["SWEEP_PROTOCOL_VERSION"] = "1",
                ["SWEEP_TRIAL_ID"] = "s/c0-w7-d9",
                ["SWEEP_TRIAL_DIR"] = dir,
                ["SWEEP_INIT_SEED"] = "7",
                ["SWEEP_ORDER_SEED"] = "9",
                ["SWEEP_CONFIG_INDEX"] = "0",
                ["SWEEP_ATTEMPT"] = "1",
                ["SWEEP_DEVICE"] = "cpu",
                ["SWEEP_THREADS"] = "3",
                ["SWEEP_RESUME_FROM"] = null,
                ["SWEEP_PAUSE_AT_FRACTION"] = null,
                ["SWEEP_PROTOCOL_FD"] = null,
            },
            cpu);
        Assert.Equal(("GPU-1a2b", "cuda"), (gpu["CUDA_VISIBLE_DEVICES"], gpu["SWEEP_DEVICE"]));
    }

    [Fact]
    public void Render_TaskPathWithSpaceFromSpec_Refused()
    {
        var runner = _harness.Runner("""{ "argv": ["x", "--train={task.train}"] }""");
        var context = _harness.Context(new RecordingReporter());
        context = context with { Spec = context.Spec with { Task = context.Spec.Task with { Train = "/data/my set/train.jsonl" } } };

        Assert.Null(TemplateRenderer.Render(runner.Template, new PlaceholderSource(context, "/w/t", null, null), out var error));
        Assert.Equal("value of {task.train} is refused: '/data/my set/train.jsonl' must be at most 256 characters from A-Z a-z 0-9 . _ : / = + , -", error);
    }
}
