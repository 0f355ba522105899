using SweepCluster.Training.Data;
using SweepCluster.Training.Tests.TestSupport;

namespace SweepCluster.Training.Tests.Data;

public class CsvExampleReaderTests
{
    [Fact]
    public void Read_QuotedFields_CommasDoubledQuotesAndNewlines()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv",
            "id,text,label\r\n1,plain text,pos\r\n2,\"with, comma\",neg\r\n3,\"she said \"\"hi\"\"\",pos\r\n4,\"two\nlines\",neg\r\n5,\"\",pos\r\n");
        var examples = CsvExampleReader.Read(path);
        Assert.Equal(["plain text", "with, comma", "she said \"hi\"", "two\nlines", ""], examples.Select(e => e.Text));
        Assert.Equal(["pos", "neg", "pos", "neg", "pos"], examples.Select(e => e.Label));
        Assert.Equal(["1", "2", "3", "4", "5"], examples.Select(e => e.Id));
        // The record after the two-line field starts on line 7.
        Assert.Equal([2, 3, 4, 5, 7], examples.Select(e => e.Origin!.Value.Line));
    }

    [Fact]
    public void Read_ConfiguredColumns_PairAndLabelByName()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pairs.csv", "premise,hypothesis,gold,extra\nA man sleeps.,A person rests.,yes,x\n");
        var example = Assert.Single(CsvExampleReader.Read(path, new FieldMapping("premise", "hypothesis", "gold")));
        Assert.Equal(new TextExample("A man sleeps.", "A person rests.", "yes", null) { Origin = new SourceLine(path, 2) }, example);
    }

    [Fact]
    public void Read_BlankLinesAndNoFinalNewline_Skipped()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\n\na,1\n\nb,0");
        Assert.Equal(["a", "b"], CsvExampleReader.Read(path).Select(e => e.Text));
    }

    [Fact]
    public void Read_SemicolonDelimiter()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text;label\n\"a;b\";1\n");
        Assert.Equal("a;b", Assert.Single(CsvExampleReader.Read(path, delimiter: ';')).Text);
    }

    [Fact]
    public void Read_UnclosedQuote_ErrorAtOpeningLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\nok,1\n\"never closed,1\nmore,0\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}:3: a quoted field is never closed", error.Message);
    }

    [Fact]
    public void Read_StrayQuoteInUnquotedField_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\nsix \"inch\" nails,1\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.StartsWith($"{path}:2: a quote inside an unquoted field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\n\"a\nb\"c,1\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}:3: unexpected 'c' after a closing quote; expected ',' or the end of the line", error.Message);
    }

    [Fact]
    public void Read_WrongColumnCount_ErrorNamesLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\na,1\nb\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}:3: expected 2 columns as in the header, got 1", error.Message);
    }

    [Fact]
    public void Read_MissingTextColumn_ErrorListsColumns()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "sentence,label\na,1\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}:1: no column 'text' for the text (columns: sentence, label)", error.Message);
    }

    [Fact]
    public void Read_LabelsOptional_MissingColumnGivesNullLabels()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.csv", "text\na\n");
        Assert.Null(Assert.Single(CsvExampleReader.Read(path, requireLabels: false)).Label);
        Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
    }

    [Fact]
    public void Read_EmptyLabel_ErrorWhenRequired()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\na,\n");
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}:2: empty label in column 'label'", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_Error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", string.Empty);
        var error = Assert.Throws<DataFormatException>(() => CsvExampleReader.Read(path));
        Assert.Equal($"{path}: is empty; expected a header row naming the columns", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.PathOf("absent.csv");
        var error = Assert.Throws<FileNotFoundException>(() => CsvExampleReader.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
