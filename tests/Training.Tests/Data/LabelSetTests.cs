using SweepCluster.Training.Data;
using SweepCluster.Training.Tests.TestSupport;

namespace SweepCluster.Training.Tests.Data;

public class LabelSetTests
{
    private static List<TextExample> WithLabels(params string?[] labels) =>
        [.. labels.Select((l, i) => new TextExample($"t{i}", null, l, null))];

    [Fact]
    public void FromTraining_NumericLabels_SortedNumerically()
    {
        Assert.Equal(["-1", "2", "10"], LabelSet.FromTraining(WithLabels("10", "2", "-1", "2")).Labels);
    }

    [Fact]
    public void FromTraining_TextLabels_FirstSeenOrder()
    {
        Assert.Equal(["spam", "ham"], LabelSet.FromTraining(WithLabels("spam", "ham", "spam")).Labels);
    }

    [Fact]
    public void FromTraining_BooleanLabels_FalseFirst()
    {
        Assert.Equal(["false", "true"], LabelSet.FromTraining(WithLabels("true", "false")).Labels);
    }

    [Fact]
    public void FromTraining_MixedNumericAndText_FirstSeenOrder()
    {
        Assert.Equal(["2", "x", "1"], LabelSet.FromTraining(WithLabels("2", "x", "1")).Labels);
    }

    [Fact]
    public void FromTraining_UnlabelledExample_ErrorAtItsLine()
    {
        List<TextExample> train = [new("a", null, "1", null) { Origin = new SourceLine("train.jsonl", 1) }, new("b", null, null, null) { Origin = new SourceLine("train.jsonl", 2) }];
        var error = Assert.Throws<DataFormatException>(() => LabelSet.FromTraining(train));
        Assert.Equal("train.jsonl:2: has no label; training data must be labelled", error.Message);
    }

    [Fact]
    public void Encode_KnownLabels_Ids()
    {
        var labels = new LabelSet(["entailment", "not_entailment"]);
        Assert.Equal([1, 0, 1], labels.Encode(WithLabels("not_entailment", "entailment", "not_entailment")));
        Assert.Equal(1, labels.IdOf("not_entailment"));
        Assert.Equal("entailment", labels.LabelOf(0));
    }

    [Fact]
    public void Encode_ValidationLabelNotInTraining_ErrorNamesFileLineAndLabel()
    {
        using var dir = new TempDirectory();
        var train = dir.Write("train.jsonl", "{\"text\": \"a\", \"label\": \"spam\"}\n{\"text\": \"b\", \"label\": \"ham\"}\n");
        var dev = dir.Write("dev.jsonl", "{\"text\": \"c\", \"label\": \"ham\"}\n{\"text\": \"d\", \"label\": \"phish\"}\n");
        var labels = LabelSet.FromTraining(JsonlExampleReader.Read(train));
        var error = Assert.Throws<DataFormatException>(() => labels.Encode(JsonlExampleReader.Read(dev)));
        Assert.Equal($"{dev}:2: label 'phish' is not in the training label set ('spam', 'ham')", error.Message);
    }

    [Fact]
    public void Encode_GeneratedExampleWithoutLabel_ErrorNamesPosition()
    {
        var error = Assert.Throws<DataFormatException>(() => new LabelSet(["0", "1"]).Encode(WithLabels("0", null)));
        Assert.Equal("example #1: has no label; a validation set must be labelled", error.Message);
    }

    [Fact]
    public void Constructor_DuplicateLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabelSet(["a", "b", "a"]));
    }

    [Fact]
    public void RegressionTargets_Parse_InvariantNumbersAndErrors()
    {
        Assert.Equal([0.5f, 3f, -1.25f], RegressionTargets.Parse(WithLabels("0.5", "3", "-1.25")));
        var error = Assert.Throws<DataFormatException>(() => RegressionTargets.Parse(WithLabels("1", "high")));
        Assert.Equal("example #1: label 'high' is not a number", error.Message);
    }
}
