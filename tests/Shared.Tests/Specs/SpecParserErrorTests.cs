using SweepCluster.Shared.Specs;

namespace SweepCluster.Shared.Tests.Specs;

public sealed class SpecParserErrorTests
{
    // Line 1..6; tests append or replace lines to provoke one error at a known place.
    private const string Valid = """
        name: t
        task:
          kind: synthetic
        seeds:
          init: 1..3
          order: [1, 2]
        """;

    private static SpecException Fail(string yaml) =>
        Assert.Throws<SpecException>(() => SpecParser.Parse(yaml, "t.yaml"));

    private static void AssertSingle(SpecException error, string field, int line, string message)
    {
        var only = Assert.Single(error.Errors);
        Assert.Equal(new SpecError("t.yaml", field, line, message), only);
        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Equal("t.yaml", error.Source);
        Assert.Equal($"t.yaml:{line}: {field}: {message}", error.Message);
    }

    [Fact]
    public void Parse_UnknownKey_NamesKeyAndSuggestsSpelling()
    {
        var error = Fail(Valid + "\ntraining:\n  epoch: 3\n");

        AssertSingle(error, "training.epoch", 8, "unknown key 'epoch' (did you mean 'epochs'?)");
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAnyKnown_HasNoSuggestion()
    {
        var error = Fail(Valid + "\ncolour: blue\n");

        AssertSingle(error, "colour", 7, "unknown key 'colour'");
    }

    [Fact]
    public void Parse_WrongType_NamesFieldAndValue()
    {
        var error = Fail(Valid + "\ntraining:\n  learning_rate: fast\n");

        AssertSingle(error, "training.learning_rate", 8, "expected a positive number, got 'fast'");
    }

    [Theory]
    [InlineData("training:\n  dropout: 1", "training.dropout", "expected a number in [0, 1), got '1'")]
    [InlineData("training:\n  epochs: 0", "training.epochs", "expected a positive integer, got '0'")]
    [InlineData("training:\n  batch_size: 2.5", "training.batch_size", "expected a positive integer, got '2.5'")]
    [InlineData("training:\n  learning_rate: .nan", "training.learning_rate", "expected a positive number, got '.nan'")]
    [InlineData("max_attempts:\n  0", "max_attempts", "expected a positive integer, got '0'")]
    [InlineData("runner:\n  simulated: { diverge_share: 1.5 }", "runner.simulated.diverge_share", "expected a number in [0, 1], got '1.5'")]
    [InlineData("model:\n  uncased: yes", "model.uncased", "expected true or false, got 'yes'")]
    public void Parse_ValueOutOfRange_NamesFieldAndRange(string tail, string field, string message)
    {
        var error = Fail(Valid + "\n" + tail + "\n");

        AssertSingle(error, field, 8, message);
    }

    [Fact]
    public void Parse_ValidationFractionOutsideOpenInterval_IsRejected()
    {
        var error = Fail(Valid.Replace("kind: synthetic", "kind: csv\n  train: a.csv\n  validation_fraction: 0", StringComparison.Ordinal));

        AssertSingle(error, "task.validation_fraction", 5, "expected a number in (0, 1), got '0'");
    }

    [Fact]
    public void Parse_MissingRequiredSection_NamesIt()
    {
        var error = Fail("# comment\n\nname: t\ntask:\n  kind: synthetic\n");

        AssertSingle(error, "seeds", 1, "missing required field");
    }

    [Fact]
    public void Parse_MissingRequiredNestedField_PointsAtItsMapping()
    {
        var error = Fail(Valid.Replace("kind: synthetic", "kind: jsonl\n  text_field: body", StringComparison.Ordinal));

        AssertSingle(error, "task.train", 2, "missing required field");
    }

    [Fact]
    public void Parse_DuplicateSeed_NamesItemAndFirstOccurrence()
    {
        var error = Fail(Valid.Replace("order: [1, 2]", "order:\n    - 4\n    - 5\n    - 4", StringComparison.Ordinal));

        AssertSingle(error, "seeds.order[2]", 9, "duplicate seed 4 (also at seeds.order[0])");
    }

    [Fact]
    public void Parse_BackwardsRange_IsRejected()
    {
        var error = Fail(Valid.Replace("1..3", "5..1", StringComparison.Ordinal));

        AssertSingle(error, "seeds.init", 5, "bad range '5..1': the start must not exceed the end");
    }

    [Theory]
    [InlineData("init: 5", "expected a range 'a..b' or a non-empty list of seeds, got '5'")]
    [InlineData("init: []", "expected a range 'a..b' or a non-empty list of seeds, got a list")]
    [InlineData("init: -2..3", "bad range '-2..3': expected 'a..b' with integers 0 <= a <= b")]
    [InlineData("init: 0..1000000", "bad range '0..1000000': at most 1000000 seeds are allowed")]
    public void Parse_BadSeedList_IsRejected(string line, string message)
    {
        var error = Fail(Valid.Replace("init: 1..3", line, StringComparison.Ordinal));

        AssertSingle(error, "seeds.init", 5, message);
    }

    [Fact]
    public void Parse_MalformedYaml_ReportsTheLine()
    {
        var error = Fail("name: t\ntask:\n  kind: synthetic\n seeds: [\n");

        Assert.Equal(string.Empty, error.Field);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("t.yaml:4: malformed YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedFlowSequence_ReportsItsLine()
    {
        var error = Fail("name: t\ntask:\n  kind: synthetic\nseeds:\n  init: [1, 2\n  order: [1]\n");

        Assert.Equal(5, error.Line);
        Assert.StartsWith("t.yaml:5: malformed YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_IsMalformedYamlAtSecondKey()
    {
        var error = Fail(Valid + "\nname: u\n");

        Assert.Equal(7, error.Line);
        Assert.StartsWith("t.yaml:7: malformed YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, "the spec is empty")]
    [InlineData("# only a comment\n", 1, "the spec is empty")]
    [InlineData("- a\n- b\n", 1, "expected a mapping, got a list")]
    [InlineData("name: a\n---\nname: b\n", 3, "expected one YAML document, found 2")]
    public void Parse_WrongDocumentShape_IsRejected(string yaml, int line, string message)
    {
        AssertSingle2(Fail(yaml), line, message);

        static void AssertSingle2(SpecException error, int line, string message)
        {
            Assert.Equal(new SpecError("t.yaml", string.Empty, line, message), Assert.Single(error.Errors));
            Assert.Equal($"t.yaml:{line}: {message}", error.Message);
        }
    }

    [Fact]
    public void Parse_GridOnUnknownField_SuggestsTrainingField()
    {
        var error = Fail(Valid + "\ngrid:\n  learnig_rate: [1e-5]\n");

        AssertSingle(error, "grid.learnig_rate", 8, "unknown training field 'learnig_rate' (did you mean 'learning_rate'?)");
    }

    [Fact]
    public void Parse_GridOnModelField_IsRejected()
    {
        var error = Fail(Valid + "\ngrid:\n  layers: [1, 2]\n");

        AssertSingle(error, "grid.layers", 8, "unknown training field 'layers'");
    }

    [Fact]
    public void Parse_GridIntegerFieldWithFraction_NamesTheItem()
    {
        var error = Fail(Valid + "\ngrid:\n  epochs: [2, 2.5]\n");

        AssertSingle(error, "grid.epochs[1]", 8, "expected a positive integer, got '2.5'");
    }

    [Fact]
    public void Parse_CommandRunnerWithoutTemplate_NamesTemplate()
    {
        var error = Fail(Valid + "\nrunner:\n  kind: command\n  values: { a: 1 }\n");

        AssertSingle(error, "runner.template", 7, "missing required field");
    }

    [Fact]
    public void Parse_BadRunnerShorthand_SuggestsKind()
    {
        var error = Fail(Valid + "\nrunner: bultin\n");

        AssertSingle(error, "runner", 7, "expected simulated, builtin, command:TEMPLATE or a mapping, got 'bultin' (did you mean 'builtin'?)");
    }

    [Theory]
    [InlineData("task:\n  kind: synthetic\n  glue_task: rte", "task.glue_task", 4, "applies only to kind: glue")]
    [InlineData("task:\n  kind: glue\n  train: x", "task.glue_task", 2, "missing required field")]
    [InlineData("task:\n  kind: glue\n  glue_task: sst-2\n  train: x", "task.glue_task", 4,
        "expected one of sst2, mrpc, rte, cola, got 'sst-2' (did you mean 'sst2'?)")]
    [InlineData("task:\n  kind: synthetic\n  train: x", "task.train", 4, "does not apply to kind: synthetic (its data is generated)")]
    [InlineData("task:\n  kind: tsv", "task.kind", 3, "expected one of synthetic, glue, jsonl, csv, got 'tsv' (did you mean 'csv'?)")]
    [InlineData("task:\n  kind: csv\n  train: a\n  validation: b\n  split_seed: 3", "task.split_seed", 6,
        "has no effect when task.validation is given")]
    [InlineData("model:\n  hidden: 100\n  heads: 3", "model.heads", 9, "hidden (100) must be divisible by heads (3)")]
    [InlineData("model:\n  pretrained: bert\n  layers: 4", "model.layers", 9, "is read from the pretrained model's config.json; remove it")]
    [InlineData("runner:\n  kind: builtin\n  simulated: { steps: 3 }", "runner.simulated", 9, "applies only to kind: simulated")]
    [InlineData("runner:\n  kind: builtin\n  values: { vocabulary_size: 3 }", "runner.values.vocabulary_size", 9, "expected an integer >= 7, got '3'")]
    [InlineData("runner:\n  kind: builtin\n  values: { checkpoint_every_evaluations: true }", "runner.values.checkpoint_every_evaluations", 9,
        "unknown key 'checkpoint_every_evaluations' (did you mean 'checkpoint_every_evaluation'?)")]
    [InlineData("runner:\n  kind: simulated\n  values: { a: 1 }", "runner.values", 9, "applies only to kind: command or builtin")]
    [InlineData("runner:\n  simulated: { steps: 5, evaluations: 6 }", "runner.simulated.evaluations", 8,
        "evaluations (6) must not exceed steps (5)")]
    [InlineData("stopping:\n  - policy: divergence\n  - policy: divergence", "stopping[1].policy", 9,
        "policy 'divergence' is already configured at stopping[0]")]
    [InlineData("stopping:\n  - policy: medain", "stopping[0].policy", 8,
        "expected one of divergence, dodge_cohort, asha, median, got 'medain' (did you mean 'median'?)")]
    [InlineData("stopping:\n  - loss_factor: 3", "stopping[0].policy", 8, "missing required field")]
    [InlineData("stopping:\n  - policy: asha\n    rungs: [1, 2]", "stopping[0].rungs", 9, "expected a number or a word, got a list")]
    [InlineData("metric:\n  name: auc", "metric.name", 8, "expected one of accuracy, f1, mcc, pearson, spearman, got 'auc'")]
    public void Parse_InconsistentSection_NamesField(string tail, string field, int line, string message)
    {
        var yaml = tail.StartsWith("task:", StringComparison.Ordinal)
            ? Valid.Replace("task:\n  kind: synthetic", tail, StringComparison.Ordinal)
            : Valid + "\n" + tail + "\n";
        // A task replacement starts at line 2; other tails are appended from line 7.
        AssertSingle(Fail(yaml), field, line, message);
    }

    [Theory]
    [InlineData("name: has space", "expected 1 to 64 letters, digits, '.', '_' or '-' (not only dots), got 'has space'")]
    [InlineData("name: ..", "expected 1 to 64 letters, digits, '.', '_' or '-' (not only dots), got '..'")]
    public void Parse_BadName_IsRejected(string line, string message)
    {
        var error = Fail(Valid.Replace("name: t", line, StringComparison.Ordinal));

        AssertSingle(error, "name", 1, message);
    }

    [Fact]
    public void Parse_RandomDesign_ValidatesPairs()
    {
        var tooMany = Fail(Valid + "\n  design: random\n  pairs: 7\n");
        var missing = Fail(Valid + "\n  design: random\n");
        var factorial = Fail(Valid + "\n  pairs: 2\n");

        AssertSingle(tooMany, "seeds.pairs", 8, "expected an integer in [1, 6], got '7'");
        AssertSingle(missing, "seeds.pairs", 4, "missing required field");
        AssertSingle(factorial, "seeds.pairs", 7, "applies only to design: random");
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsAllInLineOrder()
    {
        var error = Fail("""
            name: t
            seeds:
              init: [1, x]
              order: 3..1
            training:
              epoch: 3
              dropout: -1
            """);

        Assert.Equal(
            [
                "t.yaml:1: task: missing required field",
                "t.yaml:3: seeds.init[1]: expected an integer >= 0, got 'x'",
                "t.yaml:4: seeds.order: bad range '3..1': the start must not exceed the end",
                "t.yaml:6: training.epoch: unknown key 'epoch' (did you mean 'epochs'?)",
                "t.yaml:7: training.dropout: expected a number in [0, 1), got '-1'",
            ],
            error.Errors.Select(e => e.ToString()));
        Assert.Equal(string.Join('\n', error.Errors), error.Message);
        Assert.Equal("task", error.Field);
    }

    [Fact]
    public void Parse_TooManyTrials_IsRejected()
    {
        var error = Fail(Valid.Replace("init: 1..3", "init: 1..1000", StringComparison.Ordinal)
            .Replace("order: [1, 2]", "order: 1..1000", StringComparison.Ordinal) + "\ngrid:\n  epochs: [1, 2]\n");

        AssertSingle(error, "seeds", 4, "the sweep would have 2000000 trials (configurations x seed pairs); at most 1000000 are allowed");
    }
}
