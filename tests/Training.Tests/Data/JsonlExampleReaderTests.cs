using SweepCluster.Training.Data;
using SweepCluster.Training.Tests.TestSupport;

namespace SweepCluster.Training.Tests.Data;

public class JsonlExampleReaderTests
{
    [Fact]
    public void Read_LabelTypes_StringNumberBool()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", string.Join('\n',
            """{"text": "a", "label": "spam"}""",
            """{"text": "b", "label": 1}""",
            """{"text": "c", "label": 1.0}""",
            """{"text": "d", "label": 1e0}""",
            """{"text": "e", "label": 0.25}""",
            """{"text": "f", "label": -3}""",
            """{"text": "g", "label": true}""",
            """{"text": "h", "label": false}"""));
        Assert.Equal(["spam", "1", "1", "1", "0.25", "-3", "true", "false"], JsonlExampleReader.Read(path).Select(e => e.Label));
    }

    [Fact]
    public void Read_ConfiguredFields_BlankLinesSkippedIdsKept()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("mail.jsonl",
            "{\"id\": \"easy-ham-1/00001\", \"subject\": \"Re: hi\", \"body\": \"x\", \"label\": \"ham\"}\n\n   \n{\"id\": 7, \"subject\": \"WIN \\u00e9\", \"label\": \"spam\"}\n");
        var examples = JsonlExampleReader.Read(path, new FieldMapping(Text: "subject", Label: "label"));
        Assert.Equal(new TextExample("Re: hi", null, "ham", "easy-ham-1/00001") { Origin = new SourceLine(path, 1) }, examples[0]);
        Assert.Equal(new TextExample("WIN \u00e9", null, "spam", "7") { Origin = new SourceLine(path, 4) }, examples[1]);
    }

    [Fact]
    public void Read_PairField()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pairs.jsonl", """{"q": "a?", "p": "b.", "y": "yes"}""");
        var example = Assert.Single(JsonlExampleReader.Read(path, new FieldMapping("q", "p", "y")));
        Assert.Equal(("a?", "b.", "yes"), (example.Text, example.TextPair, example.Label));
    }

    [Fact]
    public void Read_InvalidJson_ErrorNamesLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", label: 1}\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.StartsWith($"{path}:2: not valid JSON (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAnObject_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "[1, 2]\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.Equal($"{path}:1: expected a JSON object, got an array", error.Message);
    }

    [Fact]
    public void Read_TextNotString_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": 5, \"label\": 1}\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.Equal($"{path}:1: field 'text' must be a string, got a number", error.Message);
    }

    [Fact]
    public void Read_MissingText_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"txt\": \"a\", \"label\": 1}\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.Equal($"{path}:1: field 'text' is missing", error.Message);
    }

    [Fact]
    public void Read_MissingOrNullLabel_ErrorWhenRequiredElseNull()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": null}\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.Equal($"{path}:2: field 'label' is missing or null; training and validation data need labels", error.Message);
        Assert.Equal(["1", null], JsonlExampleReader.Read(path, requireLabels: false).Select(e => e.Label));
    }

    [Fact]
    public void Read_LabelObject_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": \"a\", \"label\": {\"x\": 1}}\n");
        var error = Assert.Throws<DataFormatException>(() => JsonlExampleReader.Read(path));
        Assert.Equal($"{path}:1: field 'label' must be a string, number or boolean, got an object", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.PathOf("absent.jsonl");
        var error = Assert.Throws<FileNotFoundException>(() => JsonlExampleReader.Read(path));
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
