using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tests.Model;

namespace SweepCluster.Training.Tests.Checkpoints;

public class ModelFolderTests
{
    [Fact]
    public void SaveLoad_FineTunedModel_RoundTripsConfigWeightsAndVocab()
    {
        using var dir = new TempDirectory();
        var vocab = dir.File("source-vocab.txt");
        File.WriteAllText(vocab, "[PAD]\n[UNK]\nhello\n");
        var model = TinyBert.Random(TinyBert.Config(), 3, seed: 60);
        var target = Path.Combine(dir.Path, "out");

        ModelFolder.Save(target, model, vocab);
        var loaded = ModelFolder.Load(target);

        Assert.Equal(model.Config with { NumLabels = 3 }, loaded.Config);
        Assert.Equal(3, loaded.Model.NumLabels);
        Assert.Empty(loaded.NewlyInitialized);
        Assert.Empty(loaded.Unused);
        Assert.False(loaded.NeedsHeadInitialization);
        Assert.All(model.Parameters, p => Assert.Equal(p.Data, loaded.Model.FindParameter(p.Name)!.Data));
        Assert.Equal("[PAD]\n[UNK]\nhello\n", File.ReadAllText(loaded.VocabPath!));
        Assert.Equal("pt", SafeTensorsFile.ReadMetadata(Path.Combine(target, ModelFolder.WeightsFileName))["format"]);
    }

    [Fact]
    public void Load_PretrainingCheckpoint_ReportsHeadAsNewlyInitializedAndIgnoresPretrainingTensors()
    {
        using var dir = new TempDirectory();
        var config = TinyBert.Config();
        var source = TinyBert.Random(config, 2, seed: 61);
        config.Save(dir.File(ModelFolder.ConfigFileName));

        // A BertForPreTraining-style file: no classifier, an MLM head, an I64 position_ids buffer,
        // old gamma/beta LayerNorm names, and one tensor without the "bert." prefix.
        var items = new List<RawSafeTensors.Item>();
        foreach (var p in source.Parameters.Where(p => !p.Name.StartsWith("classifier.", StringComparison.Ordinal)))
        {
            var name = p.Name.Replace("LayerNorm.weight", "LayerNorm.gamma", StringComparison.Ordinal)
                .Replace("LayerNorm.bias", "LayerNorm.beta", StringComparison.Ordinal);
            if (name == "bert.pooler.dense.bias")
            {
                name = "pooler.dense.bias";
            }

            items.Add(new(name, "F32", p.Shape, RawSafeTensors.Floats(p.Data)));
        }

        items.Add(new("cls.predictions.bias", "F32", [50], new byte[200]));
        items.Add(new("bert.embeddings.position_ids", "I64", [1, 16], new byte[128]));
        File.WriteAllBytes(dir.File(ModelFolder.WeightsFileName), RawSafeTensors.Build(items));

        var loaded = ModelFolder.Load(dir.Path, numLabels: 4);

        Assert.Equal(["classifier.weight", "classifier.bias"], loaded.NewlyInitialized);
        Assert.True(loaded.NeedsHeadInitialization);
        Assert.Equal(["cls.predictions.bias", "bert.embeddings.position_ids"], loaded.Unused);
        Assert.Equal(4, loaded.Model.NumLabels);
        Assert.Null(loaded.VocabPath);
        foreach (var p in source.Parameters.Where(p => !p.Name.StartsWith("classifier.", StringComparison.Ordinal)))
        {
            Assert.Equal(p.Data, loaded.Model.FindParameter(p.Name)!.Data);
        }

        Assert.All(loaded.Model.FindParameter("classifier.weight")!.Data, v => Assert.Equal(0f, v));
        loaded.Model.InitializeHead(Rng.ForStream("init", 1));
        Assert.Contains(loaded.Model.FindParameter("classifier.weight")!.Data, v => v != 0f);
    }

    [Fact]
    public void Load_ClassifierForOtherLabelCount_ShapeMismatchNamesTensor()
    {
        using var dir = new TempDirectory();
        ModelFolder.Save(dir.Path, TinyBert.Random(TinyBert.Config(), 2, seed: 62));

        var e = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir.Path, numLabels: 3));
        Assert.Contains("classifier.weight is [2, 8] in the checkpoint, the model needs [3, 8]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnexpectedOrMissingTensors_ClearErrors()
    {
        using var dir = new TempDirectory();
        var config = TinyBert.Config();
        var model = TinyBert.Random(config, 2, seed: 63);
        config.Save(dir.File(ModelFolder.ConfigFileName));
        var weights = dir.File(ModelFolder.WeightsFileName);
        var tensors = model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Data)).ToList();

        SafeTensorsFile.Write(weights, [.. tensors, new NamedTensor("bert.encoder.layer.5.output.dense.bias", [8], new float[8])]);
        var unexpected = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir.Path));
        Assert.Contains("unexpected tensors (not part of BertForSequenceClassification): bert.encoder.layer.5.output.dense.bias", unexpected.Message, StringComparison.Ordinal);

        SafeTensorsFile.Write(weights, tensors.Where(t => !t.Name.StartsWith("bert.encoder.layer.1.intermediate", StringComparison.Ordinal)));
        var missing = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir.Path));
        Assert.Contains("missing tensors: bert.encoder.layer.1.intermediate.dense.weight, bert.encoder.layer.1.intermediate.dense.bias", missing.Message, StringComparison.Ordinal);
    }
}
