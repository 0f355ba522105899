using SweepCluster.Training.Data;
using SweepCluster.Training.Tests.TestSupport;

namespace SweepCluster.Training.Tests.Data;

// Files are written in the layouts of the official GLUE download (as Hugging Face's processors read them).
public class GlueTsvReaderTests
{
    [Fact]
    public void Read_Sst2TrainLayout_SentenceAndLabel()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("train.tsv", "sentence\tlabel\nhide new secretions from the parental units \t0\nthe greatest \"musicians\" \t1\n");
        var examples = GlueTsvReader.Read(path, GlueTask.Sst2);
        Assert.Equal(2, examples.Count);
        Assert.Equal(new TextExample("hide new secretions from the parental units ", null, "0", null) { Origin = new SourceLine(path, 2) }, examples[0]);
        Assert.Equal("the greatest \"musicians\" ", examples[1].Text);
        Assert.Equal("1", examples[1].Label);
    }

    [Fact]
    public void Read_Sst2TestWithoutLabels_WhenLabelsNotRequired()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.tsv", "index\tsentence\n0\tuneasy mishmash of styles and genres .\n");
        var example = Assert.Single(GlueTsvReader.Read(path, GlueTask.Sst2, requireLabels: false));
        Assert.Equal(new TextExample("uneasy mishmash of styles and genres .", null, null, "0") { Origin = new SourceLine(path, 2) }, example);
    }

    [Fact]
    public void Read_Sst2TestAsValidation_ThrowsNeedsLabels()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.tsv", "index\tsentence\n0\tfine .\n");
        var error = Assert.Throws<DataFormatException>(() => GlueTsvReader.Read(path, GlueTask.Sst2));
        Assert.Equal($"{path}:1: has the SST-2 test layout (header 'index\\tsentence') without labels; training and validation files need labels", error.Message);
    }

    [Fact]
    public void Read_ColaTrainWithoutHeader_FirstLineIsData()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("train.tsv", "gj04\t1\t\tOur friends won't buy this analysis, let alone the next one we propose.\ngj04\t0\t*\tThey drank the pub.\n");
        var examples = GlueTsvReader.Read(path, GlueTask.Cola);
        Assert.Equal(2, examples.Count);
        Assert.Equal(new TextExample("Our friends won't buy this analysis, let alone the next one we propose.", null, "1", null) { Origin = new SourceLine(path, 1) }, examples[0]);
        Assert.Equal(new TextExample("They drank the pub.", null, "0", null) { Origin = new SourceLine(path, 2) }, examples[1]);
    }

    [Fact]
    public void Read_ColaTest_HeaderIndexSentence()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.tsv", "index\tsentence\n0\tBill whistled past the house.\n");
        var example = Assert.Single(GlueTsvReader.Read(path, GlueTask.Cola, requireLabels: false));
        Assert.Equal(("Bill whistled past the house.", (string?)null, "0"), (example.Text, example.Label, example.Id));
    }

    [Fact]
    public void Read_MrpcTrainWithBom_LabelFirstThenPair()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("train.tsv",
            "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t702876\t702977\tAmrozi accused his brother .\tReferring to him , Amrozi accused his brother .\r\n0\t2108705\t2108831\tYucaipa owned Dominick 's .\tYucaipa bought Dominick 's .\r\n");
        var examples = GlueTsvReader.Read(path, GlueTask.Mrpc);
        Assert.Equal(2, examples.Count);
        Assert.Equal(new TextExample("Amrozi accused his brother .", "Referring to him , Amrozi accused his brother .", "1", null) { Origin = new SourceLine(path, 2) }, examples[0]);
        Assert.Equal("0", examples[1].Label);
        Assert.Equal("Yucaipa bought Dominick 's .", examples[1].TextPair);
    }

    [Fact]
    public void Read_MrpcTest_IndexInsteadOfQuality()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.tsv", "index\t#1 ID\t#2 ID\t#1 String\t#2 String\n0\t1089874\t1089925\tA first .\tA second .\n");
        var example = Assert.Single(GlueTsvReader.Read(path, GlueTask.Mrpc, requireLabels: false));
        Assert.Equal(new TextExample("A first .", "A second .", null, "0") { Origin = new SourceLine(path, 2) }, example);
    }

    [Fact]
    public void Read_RteDev_IndexPairAndTextLabel()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\tDana Reeve died.\tChristopher Reeve had an accident.\tnot_entailment\n1\tYet, we now are.\tWe are.\tentailment\n");
        var examples = GlueTsvReader.Read(path, GlueTask.Rte);
        Assert.Equal(new TextExample("Dana Reeve died.", "Christopher Reeve had an accident.", "not_entailment", "0") { Origin = new SourceLine(path, 2) }, examples[0]);
        Assert.Equal(("entailment", "1"), (examples[1].Label, examples[1].Id));
    }

    [Fact]
    public void Read_RteTestAsValidation_Throws()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.tsv", "index\tsentence1\tsentence2\n0\ta\tb\n");
        Assert.Throws<DataFormatException>(() => GlueTsvReader.Read(path, GlueTask.Rte));
        Assert.Single(GlueTsvReader.Read(path, GlueTask.Rte, requireLabels: false));
    }

    [Fact]
    public void Read_WrongColumnCount_ErrorNamesFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n\n1\tsentence with a\ttab\tb\tentailment\n2\ta\tentailment\n");
        var error = Assert.Throws<DataFormatException>(() => GlueTsvReader.Read(path, GlueTask.Rte));
        Assert.Equal($"{path}:4: expected 4 tab-separated columns, got 5", error.Message);
        Assert.Equal((path, (int?)4), (error.FilePath, error.Line));
    }

    [Fact]
    public void Read_UnknownLabel_ErrorNamesLabelAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("train.tsv", "sentence\tlabel\ngood\t1\nbad\tnegative\n");
        var error = Assert.Throws<DataFormatException>(() => GlueTsvReader.Read(path, GlueTask.Sst2));
        Assert.Equal($"{path}:3: label 'negative' is not a SST-2 label (expected '0' or '1')", error.Message);
    }

    [Fact]
    public void Read_WrongHeader_ErrorShowsExpectedLayouts()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("train.tsv", "text\tlabel\ngood\t1\n");
        var error = Assert.Throws<DataFormatException>(() => GlueTsvReader.Read(path, GlueTask.Sst2));
        Assert.Equal($"{path}:1: not a SST-2 file: expected header 'sentence\\tlabel' (train/dev) or header 'index\\tsentence' (test), got 'text\\tlabel'", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.PathOf("train.tsv");
        var error = Assert.Throws<FileNotFoundException>(() => GlueTsvReader.Read(path, GlueTask.Cola));
        Assert.Equal($"Data file not found: {path}", error.Message);
    }

    [Fact]
    public void ReadFolder_TrainAndDev_MissingDevNamed()
    {
        using var dir = new TempDirectory();
        dir.Write("train.tsv", "sentence\tlabel\na\t1\nb\t0\n");
        var missing = Assert.Throws<FileNotFoundException>(() => GlueTsvReader.ReadFolder(dir.Path, GlueTask.Sst2));
        Assert.Equal(dir.PathOf("dev.tsv"), missing.FileName);
        dir.Write("dev.tsv", "sentence\tlabel\nc\t1\n");
        var split = GlueTsvReader.ReadFolder(dir.Path, GlueTask.Sst2);
        Assert.Equal(["a", "b"], split.Train.Select(e => e.Text));
        Assert.Equal(["c"], split.Validation.Select(e => e.Text));
    }

    [Fact]
    public void LabelsOf_FixedHuggingFaceOrder()
    {
        Assert.Equal(["entailment", "not_entailment"], GlueTsvReader.LabelsOf(GlueTask.Rte).Labels);
        Assert.Equal(["0", "1"], GlueTsvReader.LabelsOf(GlueTask.Mrpc).Labels);
    }

    [Theory]
    [InlineData("sst2", GlueTask.Sst2)]
    [InlineData("SST-2", GlueTask.Sst2)]
    [InlineData("CoLA", GlueTask.Cola)]
    [InlineData("mrpc", GlueTask.Mrpc)]
    [InlineData("rte", GlueTask.Rte)]
    public void ParseTask_SpecNames(string name, GlueTask expected)
    {
        Assert.Equal(expected, GlueTsvReader.ParseTask(name));
    }

    [Fact]
    public void ParseTask_Unknown_Throws()
    {
        Assert.Throws<ArgumentException>(() => GlueTsvReader.ParseTask("qnli"));
    }
}
