using SweepCluster.Shared.Specs;

namespace SweepCluster.Shared.Tests.Specs;

public sealed class SpecParserTests
{
    private const string FullSpec = """
        name: sst2-bert_v1.2
        task:
          kind: jsonl
          train: data/train.jsonl
          validation: data/dev.jsonl
          text_field: sentence
          text_pair_field: sentence2
          label_field: gold
        model:
          pretrained: models/bert-base
          max_length: 128
          uncased: false
        training:
          epochs: 4
          batch_size: 16
          learning_rate: 3e-5
          warmup_fraction: 0.06
          weight_decay: 0
          max_grad_norm: 0.5
          dropout: 0.2
          evaluations_per_epoch: 5
          gradient_accumulation: 2
          threads: 4
        grid:
          learning_rate: [1e-5, 2e-5]
          batch_size: [16, 32, 64]
        seeds:
          init: 3..6
          order: [9, 1, 4]
          design: random
          pairs: 5
          sample_seed: -7
        stopping:
          - policy: divergence
            loss_factor: 10
            after_fraction: 0.2
          - policy: dodge_cohort
            fraction: 0.25
            keep: 8
        runner:
          kind: command
          template: train_bert
          values:
            model_dir: /models/bert
            fp16: true
        metric:
          name: mcc
          maximize: false
        max_concurrent_trials: 6
        max_attempts: 5
        """;

    [Fact]
    public void Parse_FullSpec_GivesExactValues()
    {
        var spec = SpecParser.Parse(FullSpec, "full.yaml");

        Assert.Equal("sst2-bert_v1.2", spec.Name);
        Assert.Equal(
            new TaskSpec("jsonl", null, "data/train.jsonl", "data/dev.jsonl", "sentence", "sentence2", "gold", 0.1, 0, null),
            spec.Task);
        Assert.Equal(new ModelSpec("models/bert-base", 2, 128, 2, 512, 128, false), spec.Model);
        Assert.Equal(new TrainingSpec(4, 16, 3e-5, 0.06, 0, 0.5, 0.2, 5, 2, 4), spec.Training);
        Assert.Equal(2, spec.Grid.Count);
        Assert.Equal("learning_rate", spec.Grid[0].Field);
        Assert.Equal([1e-5, 2e-5], spec.Grid[0].Values);
        Assert.Equal("batch_size", spec.Grid[1].Field);
        Assert.Equal([16.0, 32.0, 64.0], spec.Grid[1].Values);
        Assert.Equal([3, 4, 5, 6], spec.Seeds.Init);
        Assert.Equal([9, 1, 4], spec.Seeds.Order);
        Assert.Equal("random", spec.Seeds.Design);
        Assert.Equal(5, spec.Seeds.Pairs);
        Assert.Equal(-7, spec.Seeds.SampleSeed);
        Assert.Equal(2, spec.Stopping.Count);
        Assert.Equal("divergence", spec.Stopping[0].Kind);
        Assert.Equal(new Dictionary<string, string> { ["loss_factor"] = "10", ["after_fraction"] = "0.2" }, spec.Stopping[0].Parameters);
        Assert.Equal(34, spec.Stopping[0].Line);
        Assert.Equal("dodge_cohort", spec.Stopping[1].Kind);
        Assert.Equal(new Dictionary<string, string> { ["fraction"] = "0.25", ["keep"] = "8" }, spec.Stopping[1].Parameters);
        Assert.Equal(37, spec.Stopping[1].Line);
        Assert.Equal("command", spec.Runner.Kind);
        Assert.Equal("train_bert", spec.Runner.Template);
        Assert.Equal(new Dictionary<string, string> { ["model_dir"] = "/models/bert", ["fp16"] = "true" }, spec.Runner.Values);
        Assert.Null(spec.Runner.Simulated);
        Assert.Equal(new MetricSpec("mcc", false), spec.Metric);
        Assert.Equal(6, spec.MaxConcurrentTrials);
        Assert.Equal(5, spec.MaxAttempts);
    }

    [Fact]
    public void Parse_MinimalSpec_AppliesDocumentedDefaults()
    {
        var spec = SpecParser.Parse("""
            name: minimal
            task:
              kind: synthetic
            seeds:
              init: [1]
              order: [2]
            """);

        Assert.Equal(new TaskSpec("synthetic", null, null, null, "text", null, "label", 0.1, 0,
            new SyntheticTaskSpec(2000, 500, 500, 0.05, 0)), spec.Task);
        Assert.Equal(new ModelSpec(null, 2, 128, 2, 512, 64, true), spec.Model);
        Assert.Equal(new TrainingSpec(3, 32, 2e-5, 0.1, 0.01, 1.0, 0.1, 10, 1, 1), spec.Training);
        Assert.Empty(spec.Grid);
        Assert.Equal("factorial", spec.Seeds.Design);
        Assert.Null(spec.Seeds.Pairs);
        Assert.Equal(0, spec.Seeds.SampleSeed);
        Assert.Empty(spec.Stopping);
        Assert.Equal("simulated", spec.Runner.Kind);
        Assert.Null(spec.Runner.Template);
        Assert.Empty(spec.Runner.Values);
        Assert.Equal(new SimulatedRunnerSpec(100, 10, 0, 0, 0, 0.02), spec.Runner.Simulated);
        Assert.Equal(new MetricSpec("accuracy", true), spec.Metric);
        Assert.Equal(0, spec.MaxConcurrentTrials);
        Assert.Equal(3, spec.MaxAttempts);
    }

    [Fact]
    public void Parse_GlueTask_KeepsGlueTaskAndSplitSettings()
    {
        var spec = SpecParser.Parse("""
            name: rte
            task: { kind: glue, glue_task: rte, train: glue/RTE, validation_fraction: 0.2, split_seed: 4 }
            seeds: { init: 0..1, order: 0..1 }
            """);

        Assert.Equal(new TaskSpec("glue", "rte", "glue/RTE", null, "text", null, "label", 0.2, 4, null), spec.Task);
    }

    [Theory]
    [InlineData("runner: simulated", "simulated", null)]
    [InlineData("runner: builtin", "builtin", null)]
    [InlineData("runner: command:train_bert", "command", "train_bert")]
    [InlineData("runner: \"command: my.tool-2\"", "command", "my.tool-2")]
    public void Parse_RunnerShorthand_ExpandsToRunnerSpec(string line, string kind, string? template)
    {
        var spec = SpecParser.Parse($"""
            name: s
            task: {"{"} kind: synthetic {"}"}
            seeds: {"{"} init: [1], order: [1] {"}"}
            {line}
            """);

        Assert.Equal(kind, spec.Runner.Kind);
        Assert.Equal(template, spec.Runner.Template);
        Assert.Empty(spec.Runner.Values);
        Assert.Equal(kind == "simulated" ? new SimulatedRunnerSpec(100, 10, 0, 0, 0, 0.02) : null, spec.Runner.Simulated);
    }

    [Fact]
    public void Parse_BuiltinRunnerValues_AreValidatedAndNormalized()
    {
        var spec = SpecParser.Parse("""
            name: s
            task: { kind: synthetic }
            seeds: { init: [1], order: [1] }
            runner:
              kind: builtin
              values: { checkpoint_every_evaluation: True, vocabulary_size: "300" }
            """);

        Assert.Equal("builtin", spec.Runner.Kind);
        Assert.Equal(
            new Dictionary<string, string> { ["checkpoint_every_evaluation"] = "true", ["vocabulary_size"] = "300" },
            spec.Runner.Values);
    }

    [Fact]
    public void Parse_MetricShorthandAndEmptySections_UseDefaults()
    {
        var spec = SpecParser.Parse("""
            name: s
            task: { kind: synthetic, synthetic: { train_examples: 10, validation_examples: 4, vocabulary_size: 7, label_noise: 0, seed: -3 } }
            seeds: { init: [1], order: [1] }
            metric: spearman
            stopping:
            training:
            runner:
            """);

        Assert.Equal(new MetricSpec("spearman", true), spec.Metric);
        Assert.Equal(new SyntheticTaskSpec(10, 4, 7, 0, -3), spec.Task.Synthetic);
        Assert.Empty(spec.Stopping);
        Assert.Equal(new TrainingSpec(3, 32, 2e-5, 0.1, 0.01, 1.0, 0.1, 10, 1, 1), spec.Training);
        Assert.Equal("simulated", spec.Runner.Kind);
    }

    [Fact]
    public void Parse_ModelAndSimulatedSections_ReadEveryField()
    {
        var spec = SpecParser.Parse("""
            name: s
            task: { kind: csv, train: a.csv }
            model: { layers: 4, hidden: 96, heads: 3, intermediate: 384, max_length: 32, uncased: TRUE }
            seeds: { init: [1], order: [1] }
            runner:
              simulated: { steps: 50, evaluations: 5, step_duration_ms: 1.5, diverge_share: 0.1, fail_share: 0.2, noise: 0 }
            """);

        Assert.Equal(new ModelSpec(null, 4, 96, 3, 384, 32, true), spec.Model);
        Assert.Equal("simulated", spec.Runner.Kind);
        Assert.Equal(new SimulatedRunnerSpec(50, 5, 1.5, 0.1, 0.2, 0), spec.Runner.Simulated);
    }

    [Fact]
    public void ParseFile_RelativePaths_ResolveAgainstSpecDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("spec-test-");
        try
        {
            var path = Path.Combine(directory.FullName, "exp.yaml");
            File.WriteAllText(path, """
                name: files
                task: { kind: jsonl, train: data/train.jsonl, validation: /abs/dev.jsonl }
                model: { pretrained: ../bert }
                seeds: { init: [1], order: [1] }
                """);

            var spec = SpecParser.ParseFile(path);

            Assert.Equal(Path.Combine(directory.FullName, "data", "train.jsonl"), spec.Task.Train);
            Assert.Equal("/abs/dev.jsonl", spec.Task.Validation);
            Assert.Equal(Path.Combine(directory.Parent!.FullName, "bert"), spec.Model.Pretrained);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ParseFile_MissingFile_ThrowsSpecExceptionNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-for-spec-tests", "missing.yaml");

        var error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));

        Assert.Equal(path, error.Source);
        Assert.Equal(0, error.Line);
        Assert.StartsWith($"{path}: cannot read the spec: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_QuickstartExample_ParsesAsDocumented()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "examples", "quickstart.yaml");

        var spec = SpecParser.ParseFile(path);

        Assert.Equal("quickstart", spec.Name);
        Assert.Equal(new SyntheticTaskSpec(2000, 300, 20, 0, 0), spec.Task.Synthetic);
        Assert.Equal(new ModelSpec(null, 2, 32, 2, 64, 32, true), spec.Model);
        Assert.Equal(new TrainingSpec(3, 32, 3e-3, 0.1, 0.01, 1.0, 0.1, 5, 1, 1), spec.Training);
        Assert.Equal([1, 2, 3, 4], spec.Seeds.Init);
        Assert.Equal([1, 2, 3, 4], spec.Seeds.Order);
        Assert.Equal("builtin", spec.Runner.Kind);
        var divergence = Assert.Single(spec.Stopping);
        Assert.Equal(("10", "0.5"), (divergence.Parameters["loss_factor"], divergence.Parameters["after_fraction"]));
        Assert.Equal(16, SpecExpansion.Expand(spec, spec.Name).Count);
    }

    [Fact]
    public void ParseFile_SimulatedQuickstartExample_ParsesAsDocumented()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "examples", "quickstart-simulated.yaml");

        var spec = SpecParser.ParseFile(path);

        Assert.Equal("quickstart-simulated", spec.Name);
        Assert.Equal("synthetic", spec.Task.Kind);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], spec.Seeds.Init);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], spec.Seeds.Order);
        Assert.Equal("simulated", spec.Runner.Kind);
        Assert.Equal(new SimulatedRunnerSpec(200, 10, 4, 0.05, 0, 0.02), spec.Runner.Simulated);
        var divergence = Assert.Single(spec.Stopping);
        Assert.Equal("divergence", divergence.Kind);
        Assert.Equal("10", divergence.Parameters["loss_factor"]);
        // 64 trials x 200 steps x 4 ms over 2 slots: about 25 s of simulated training.
        Assert.Equal(64, SpecExpansion.Expand(spec, spec.Name).Count);
        Assert.Equal(25.6, 64 * spec.Runner.Simulated!.Steps * spec.Runner.Simulated.StepDurationMs / 2 / 1000, 9);
    }
}
