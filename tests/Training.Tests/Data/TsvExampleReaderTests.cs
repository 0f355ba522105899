using SweepCluster.Training.Data;
using SweepCluster.Training.Tests.TestSupport;

namespace SweepCluster.Training.Tests.Data;

public class TsvExampleReaderTests
{
    [Fact]
    public void Read_HeaderNamesColumns_QuotesArePlainCharacters()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("x.tsv", "id\tq\ta\tlabel\n7\t\"quoted\" text\tsecond, part\t1\n\n8\tplain\tb\t0\n");

        var examples = TsvExampleReader.Read(path, new FieldMapping("q", "a"));

        Assert.Equal(
            [
                new TextExample("\"quoted\" text", "second, part", "1", "7") { Origin = new SourceLine(path, 2) },
                new TextExample("plain", "b", "0", "8") { Origin = new SourceLine(path, 4) },
            ],
            examples);
    }

    [Fact]
    public void Read_WithoutLabelsWhenNotRequired_LabelIsNull()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("x.tsv", "text\nhello\n");

        var example = Assert.Single(TsvExampleReader.Read(path, requireLabels: false));

        Assert.Equal(new TextExample("hello", null, null, null) { Origin = new SourceLine(path, 2) }, example);
    }

    [Theory]
    [InlineData("text\tlabel\na\t1\tx\n", ":2: expected 2 tab-separated columns as in the header, got 3")]
    [InlineData("text\tlabel\na\t\n", ":2: empty label in column 'label'")]
    [InlineData("body\tlabel\na\t1\n", ":1: no column 'text' for the text (columns: body, label)")]
    [InlineData("", ": is empty; expected a header line naming the columns")]
    public void Read_BadFile_SaysWhereAndWhat(string content, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("x.tsv", content);

        var error = Assert.Throws<DataFormatException>(() => TsvExampleReader.Read(path));

        Assert.Equal(path + expected, error.Message);
    }
}
