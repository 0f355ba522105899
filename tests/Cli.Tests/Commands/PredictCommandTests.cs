using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Text;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Commands;

public sealed class PredictCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", Guid.NewGuid().ToString("N"));

    public PredictCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> SweepAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SweepCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A random two-class model saved with class names ham/spam and a small vocabulary.</summary>
    private (string Folder, BertClassifier Model, WordPieceTokenizer Tokenizer) SavedModel()
    {
        var vocabulary = new Vocabulary([.. Vocabulary.SpecialTokens, "win", "money", "now", "meeting", "notes", "today"]);
        var config = new BertConfig
        {
            VocabSize = vocabulary.Count, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 16, MaxPositionEmbeddings = 12,
        };
        var model = new BertClassifier(config, 2);
        var rng = new Rng(3);
        model.InitializeAll(rng);
        foreach (var p in model.HeadParameters)
        {
            for (var i = 0; i < p.Data.Length; i++)
            {
                p.Data[i] = (float)rng.NextGaussian(); // a head large enough that the two classes differ clearly
            }
        }

        var folder = Path.Combine(_dir, "model");
        FineTunedModel.Save(folder, model, vocabulary, ["ham", "spam"], uncased: true, maxLength: 12);
        return (folder, model, new WordPieceTokenizer(vocabulary, uncased: true));
    }

    [Fact]
    public async Task Predict_Jsonl_WritesOneLinePerExampleWithLogitsProbabilitiesAndLabelName()
    {
        var (folder, model, tokenizer) = SavedModel();
        var texts = new[] { "Win money NOW", "meeting notes today", "win meeting" };
        var data = Write("mail.jsonl", $$"""
            {"id": "a", "text": "{{texts[0]}}"}
            {"text": "{{texts[1]}}", "label": "ham"}
            {"id": 7, "text": "{{texts[2]}}"}
            """);

        var (code, output, error) = await SweepAsync("predict", "--model", folder, "--data", data, "--batch-size", "2");

        Assert.Equal((0, ""), (code, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.Equal(["id", "logits", "probabilities", "label"], root.EnumerateObject().Select(p => p.Name));
            ids.Add(root.GetProperty("id").GetRawText());

            // Independent check: the same model on this example alone.
            var e = tokenizer.Encode(texts[i], null, 12);
            var expected = new float[2];
            model.Predict(new Training.Model.EncodedBatch(1, 12, e.InputIds, e.TokenTypeIds, e.AttentionMask), expected);
            var logits = root.GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(expected[0], logits[0], 1e-5f);
            Assert.Equal(expected[1], logits[1], 1e-5f);
            var probabilities = root.GetProperty("probabilities").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(1.0, probabilities.Sum(), 1e-12);
            Assert.Equal(1 / (1 + Math.Exp((double)logits[0] - logits[1])), probabilities[1], 1e-12);
            Assert.Equal(logits[1] > logits[0] ? "spam" : "ham", root.GetProperty("label").GetString());
        }

        Assert.Equal(["\"a\"", "1", "\"7\""], ids);
    }

    [Fact]
    public async Task Predict_CsvAndTsvWithOut_WriteTheSameLinesToTheFile()
    {
        var (folder, _, _) = SavedModel();
        var csv = Write("in.csv", "id,body\nx,\"win, money\"\ny,meeting notes\n");
        var tsv = Write("in.tsv", "id\tbody\nx\twin, money\ny\tmeeting notes\n");
        var outCsv = Path.Combine(_dir, "out", "csv.jsonl");
        var outTsv = Path.Combine(_dir, "out", "tsv.jsonl");

        var first = await SweepAsync("predict", "--model", folder, "--data", csv, "--text-field", "body", "--out", outCsv);
        var second = await SweepAsync("predict", "--model", folder, "--data", tsv, "--text-field", "body", "--out", outTsv);

        Assert.Equal((0, "", ""), first);
        Assert.Equal((0, "", ""), second);
        var lines = File.ReadAllLines(outCsv);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"id\":\"x\",\"logits\":[", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines, File.ReadAllLines(outTsv));
    }

    [Fact]
    public async Task Predict_ModelFromATinyBuiltinRun_LabelsFromItsConfig()
    {
        var spec = Write("tiny.yaml", BuiltinTestSpecs.Yaml(name: "tiny", init: "[1]", order: "[1]"));
        var db = Path.Combine(_dir, "s.db");
        var run = await SweepAsync("run", spec, "--db", db, "--slots", "1", "--quiet");
        var folder = Path.Combine(_dir, "work", "tiny", "c0-w1-d1", "model");
        var data = Write("some.jsonl", "{\"text\": \"not good at all\"}\n{\"text\": \"fine\"}\n");

        var (code, output, error) = await SweepAsync("predict", "--model", folder, "--data", data);

        Assert.Equal(0, run.Code);
        Assert.StartsWith("Sweep tiny: completed, 1 trials", run.Out, StringComparison.Ordinal);
        Assert.Equal((0, ""), (code, error));
        var labels = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()).ToList();
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Contains(l, new[] { "0", "1" }));
    }

    [Fact]
    public async Task Predict_MissingModelFolder_ExitsTwoWithOneLine()
    {
        var data = Write("x.jsonl", "{\"text\": \"a\"}\n");
        var missing = Path.Combine(_dir, "nope");

        var (code, output, error) = await SweepAsync("predict", "--model", missing, "--data", data);

        Assert.Equal((2, "", $"sweep: model folder not found: {missing}\n"), (code, output, error.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Predict_BadJsonLine_ExitsTwoNamingFileAndLine()
    {
        var (folder, _, _) = SavedModel();
        var data = Write("bad.jsonl", "{\"text\": \"a\"}\n{\"text\": 3}\n");

        var (code, _, error) = await SweepAsync("predict", "--model", folder, "--data", data);

        Assert.Equal(2, code);
        Assert.StartsWith($"sweep: {data}:2: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("in.txt", "unknown extension '.txt' (expected .jsonl, .csv or .tsv)")]
    [InlineData("in.csv", "no column 'text' for the text")]
    public async Task Predict_UnusableDataFile_ExitsTwo(string name, string expected)
    {
        var (folder, _, _) = SavedModel();
        var data = Write(name, "body\nhello\n");

        var (code, _, error) = await SweepAsync("predict", "--model", folder, "--data", data);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Predict_WithoutData_ExitsTwo()
    {
        var (code, _, error) = await SweepAsync("predict", "--model", _dir);

        Assert.Equal(2, code);
        Assert.Contains("--data", error);
    }
}
