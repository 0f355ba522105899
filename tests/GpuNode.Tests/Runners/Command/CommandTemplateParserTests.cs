using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class CommandTemplateParserTests
{
    private static IReadOnlyList<CommandTemplate> Parse(string json) =>
        new CommandTemplateParser("nodes.json", "/etc/sweep").Parse(json);

    private static string Error(string json) =>
        Assert.Throws<CommandTemplateException>(() => Parse(json)).Message;

    [Fact]
    public void Parse_FullTemplate_ReadsEveryField()
    {
        var t = Parse("""
            // comments are allowed
            { "templates": { "bert": {
                "argv": ["/usr/bin/python3", "train.py", "--seed={init_seed}", ["--resume", "{resume_from?}"]],
                "working_directory": "scripts",
                "environment": { "HF_HOME": "{trial_dir}/hf" },
                "timeout_seconds": 7200, "stop_grace_seconds": 2.5, "pause_grace_seconds": 60, "log_limit_bytes": 65536,
                "values": { "model": { "default": "tiny", "pattern": "[a-z]+" }, "lr": null }
            } } }
            """).Single();

        Assert.Equal(("bert", "/usr/bin/python3"), (t.Name, t.Executable));
        Assert.Equal([["train.py"], ["--seed={init_seed}"], ["--resume", "{resume_from?}"]], t.Arguments.Select(a => a.Elements.Select(e => e.Source).ToArray()));
        Assert.Equal("scripts", t.WorkingDirectory!.Source);
        Assert.Equal([("HF_HOME", "{trial_dir}/hf")], t.Environment.Select(e => (e.Key, e.Value.Source)));
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromSeconds(2.5), TimeSpan.FromMinutes(1), 65536L), (t.Timeout, t.StopGrace, t.PauseGrace, t.LogLimitBytes));
        Assert.Equal(("tiny", true, false), (t.Values["model"].Default, t.Values["model"].Pattern!.IsMatch("abc"), t.Values["model"].Pattern!.IsMatch("abc1")));
        Assert.Equal((null, null), (t.Values["lr"].Default, t.Values["lr"].Pattern));
        Assert.Equal("/etc/sweep", t.BaseDirectory);
    }

    [Fact]
    public void Parse_MinimalTemplate_TakesDefaults()
    {
        var t = Parse("""{ "templates": { "a": { "argv": ["run"] } } }""").Single();

        Assert.Equal((null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300), 10L * 1024 * 1024, 0, 0), (t.Timeout, t.StopGrace, t.PauseGrace, t.LogLimitBytes, t.Arguments.Count, t.Environment.Count));
        Assert.Null(t.WorkingDirectory);
    }

    [Fact]
    public void Parse_UnknownPlaceholder_ErrorNamesFileTemplateAndElement()
    {
        Assert.Equal(
            "nodes.json: templates.a.argv[2]: unknown placeholder {init_sed} (did you mean {init_seed}?)",
            Error("""{ "templates": { "a": { "argv": ["run", "x", "--s={init_sed}"] } } }"""));
    }

    [Fact]
    public void Parse_ManyProblems_AllReportedInFileOrder()
    {
        var message = Error("""
            { "templates": {
              "a": { "argv": ["{values.exe}", "--r={resume_from}", ["x", 3]], "environment": { "SWEEP_TRIAL_DIR": "x", "CUDA_VISIBLE_DEVICES": "0", "1BAD": "x" } },
              "b c": { "argv": [], "timeout_seconds": 0, "log_limit_bytes": 10, "colour": 1 },
              "d": { "argv": ["run", "{values.nope}"], "values": { "m": { "default": "x y" }, "n": { "pattern": "(" } } }
            } }
            """);

        Assert.Equal(
            [
                "nodes.json: templates.a.argv[0]: the executable is fixed by the node: no placeholders or braces",
                "nodes.json: templates.a.argv[1]: {resume_from} has no value on a first launch: write {resume_from?} so that the element is dropped then",
                "nodes.json: templates.a.argv[2][1]: expected a string, got number",
                "nodes.json: templates.a.environment.SWEEP_TRIAL_DIR: SWEEP_* and CUDA_VISIBLE_DEVICES are set by the node (use {gpu} or {device} for the slot's GPU)",
                "nodes.json: templates.a.environment.CUDA_VISIBLE_DEVICES: SWEEP_* and CUDA_VISIBLE_DEVICES are set by the node (use {gpu} or {device} for the slot's GPU)",
                "nodes.json: templates.a.environment.1BAD: a variable name has letters, digits and '_' and does not start with a digit",
                "nodes.json: templates.b c: a template name has 1-64 characters from A-Z a-z 0-9 . _ -",
                "nodes.json: templates.b c.colour: unknown key (known: argv, working_directory, environment, timeout_seconds, stop_grace_seconds, pause_grace_seconds, log_limit_bytes, values)",
                "nodes.json: templates.b c.argv: required: a non-empty array, the executable first (no shell is involved)",
                "nodes.json: templates.b c.timeout_seconds: expected a number of seconds > 0 (leave it out for no limit)",
                "nodes.json: templates.b c.log_limit_bytes: expected an integer >= 4096",
                "nodes.json: templates.d.values.m.default: value of {values.m} is refused: 'x y' must be at most 256 characters from A-Z a-z 0-9 . _ : / = + , -",
                "nodes.json: templates.d.values.n.pattern: not a regular expression: Invalid pattern '\\A(?:()\\z' at offset 9. Not enough )'s.",
                "nodes.json: templates.d.argv[1]: {values.nope} is not declared in the template's \"values\" (declared: m, n)",
            ],
            message.Split(Environment.NewLine));
    }

    [Fact]
    public void Parse_DuplicateKey_MalformedJson()
    {
        Assert.StartsWith("nodes.json: malformed JSON: ", Error("""{ "templates": { "a": { "argv": ["x"] }, "a": { "argv": ["y"] } } }"""));
    }

    [Fact]
    public void Parse_DefaultAgainstOwnPattern_Refused()
    {
        Assert.Equal(
            "nodes.json: templates.a.values.m.default: 'Big' does not match the value's own pattern",
            Error("""{ "templates": { "a": { "argv": ["x", "{values.m}"], "values": { "m": { "default": "Big", "pattern": "[a-z]+" } } } } }"""));
    }

    [Fact]
    public void Load_MissingFile_CommandTemplateException()
    {
        var node = new NodeOptions { WorkDirectory = Path.GetTempPath() };
        var ex = Assert.Throws<CommandTemplateException>(() => CommandRunnerFactory.Load("/nonexistent/templates.json", node));
        Assert.StartsWith("/nonexistent/templates.json: cannot read the templates file: ", ex.Message);
    }

    [Fact]
    public void Load_TwoTemplates_OneRunnerEachWithCommandKind()
    {
        using var harness = new CommandHarness();
        var path = harness.Script("templates.json", """{ "templates": { "a": { "argv": ["x"] }, "b.2": { "argv": ["y"] } } }""");

        var runners = CommandRunnerFactory.Load(path, new NodeOptions { WorkDirectory = harness.WorkDirectory });

        Assert.Equal(["command:a", "command:b.2"], runners.Select(r => r.Kind));
        Assert.Equal(harness.Directory, ((CommandRunner)runners[0]).Template.BaseDirectory);
    }
}
