using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Checkpoints;

public sealed class FineTunedModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static BertClassifier Model(int labels)
    {
        var model = new BertClassifier(new BertConfig
        {
            VocabSize = 8, HiddenSize = 4, NumHiddenLayers = 1, NumAttentionHeads = 1, IntermediateSize = 8, MaxPositionEmbeddings = 10,
        }, labels);
        model.InitializeAll(new Rng(1));
        return model;
    }

    private static Vocabulary Vocab() => new([.. Vocabulary.SpecialTokens, "Hello", "world", "x"]);

    [Fact]
    public void SaveThenLoad_KeepsWeightsLabelNamesCasingAndLength()
    {
        var model = Model(3);
        var folder = _dir.File("out");

        FineTunedModel.Save(folder, model, Vocab(), ["neg", "neu", "pos"], uncased: false, maxLength: 7);
        var loaded = FineTunedModel.Load(folder);

        Assert.Equal(["neg", "neu", "pos"], loaded.LabelNames);
        Assert.Equal(7, loaded.MaxLength);
        Assert.False(loaded.Tokenizer.Uncased);
        Assert.Equal(["Hello"], loaded.Tokenizer.Tokenize("Hello"));
        Assert.All(model.Parameters.Zip(loaded.Model.Parameters), p => Assert.Equal(p.First.Data, p.Second.Data));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.Equal(2, config.RootElement.GetProperty("label2id").GetProperty("pos").GetInt32());
        Assert.Equal(
            ["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal([folder], Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void Save_OverExistingFolder_ReplacesIt()
    {
        var folder = _dir.File("out");
        FineTunedModel.Save(folder, Model(2), Vocab(), ["a", "b"], uncased: true, maxLength: 10);

        FineTunedModel.Save(folder, Model(2), Vocab(), ["c", "d"], uncased: true, maxLength: 10);

        Assert.Equal(["c", "d"], FineTunedModel.Load(folder).LabelNames);
        Assert.Equal([folder], Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void Load_HuggingFaceFolderWithoutTokenizerConfigOrNames_DefaultsToUncasedAndLabelI()
    {
        var folder = _dir.File("hf");
        ModelFolder.Save(folder, Model(2));
        Vocab().Save(Path.Combine(folder, "vocab.txt"));

        var loaded = FineTunedModel.Load(folder);

        Assert.Equal(["LABEL_0", "LABEL_1"], loaded.LabelNames);
        Assert.True(loaded.Tokenizer.Uncased);
        Assert.Equal(10, loaded.MaxLength);
    }

    [Fact]
    public void Load_FolderWithoutVocabulary_NamesTheMissingFile()
    {
        var folder = _dir.File("novocab");
        ModelFolder.Save(folder, Model(2));

        var error = Assert.Throws<FileNotFoundException>(() => FineTunedModel.Load(folder));

        Assert.StartsWith($"{folder} has no vocab.txt", error.Message, StringComparison.Ordinal);
    }
}
