using System.Text.Json;
using SweepCluster.TestKit;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tests.Checkpoints;
using SweepCluster.Training.Tests.Model;

namespace SweepCluster.Training.Tests.Parity;

/// <summary>
/// The C# model against PyTorch autograd (tests/Parity/bert_parity.py): same weights and batch,
/// logits within 1e-4 and every parameter gradient within 1e-3 relative.
/// </summary>
public class BertParityTests
{
    private static readonly BertConfig Config = new()
    {
        VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
        MaxPositionEmbeddings = 16, TypeVocabSize = 2, LayerNormEps = 1e-12, HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0,
    };

    [RequiresTorchFact]
    public async Task ForwardBackward_Classification_MatchesPyTorchAutograd()
    {
        var model = TinyBert.Random(Config, 3, seed: 70, scale: 0.2);
        var batch = Batch();
        int[] labels = [0, 2, 1, 2];
        var loss = model.ForwardBackward(batch, labels, new Rng(1));

        await AssertMatchesTorch(model, batch, labels.Cast<object>().ToArray(), loss);
    }

    [RequiresTorchFact]
    public async Task ForwardBackwardRegression_MatchesPyTorchAutograd()
    {
        var model = TinyBert.Random(Config, 1, seed: 71, scale: 0.2);
        var batch = Batch();
        float[] targets = [0.25f, -1.5f, 2f, 0.75f];
        var loss = model.ForwardBackwardRegression(batch, targets, new Rng(1));

        await AssertMatchesTorch(model, batch, targets.Cast<object>().ToArray(), loss);
    }

    /// <summary>4 × 12 with padding (rows of 12, 10, 7 and 4 real tokens) and one real token that is the padding id 0.</summary>
    private static EncodedBatch Batch()
    {
        var batch = TinyBert.Batch(4, 12, Config.VocabSize, seed: 72);
        int[] lengths = [12, 10, 7, 4];
        var ids = batch.InputIds.ToArray();
        var mask = new int[ids.Length];
        for (var b = 0; b < 4; b++)
        {
            for (var i = 0; i < 12; i++)
            {
                mask[(b * 12) + i] = i < lengths[b] ? 1 : 0;
                ids[(b * 12) + i] = i < lengths[b] ? ids[(b * 12) + i] : 0;
            }
        }

        ids[3] = 0; // PyTorch's padding_idx: a real [PAD]-id token still gets no embedding gradient
        return batch with { InputIds = ids, AttentionMask = mask };
    }

    private static async Task AssertMatchesTorch(BertClassifier model, EncodedBatch batch, object[] labels, float loss)
    {
        using var dir = new TempDirectory();
        ModelFolder.Save(dir.Path, model);
        var rows = (int[] flat) => Enumerable.Range(0, batch.BatchSize).Select(b => flat[(b * batch.SeqLength)..((b + 1) * batch.SeqLength)]).ToArray();
        await File.WriteAllTextAsync(dir.File("batch.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["input_ids"] = rows(batch.InputIds),
            ["token_type_ids"] = rows(batch.TokenTypeIds),
            ["attention_mask"] = rows(batch.AttentionMask),
            ["labels"] = labels,
            ["tasks"] = new[] { "forward_backward" },
        }));

        await ParityScript.RunAsync("bert_parity.py", dir.Path);

        var output = SafeTensorsFile.Read(dir.File("torch_out.safetensors"));
        var torchLoss = double.Parse(SafeTensorsFile.ReadMetadata(dir.File("torch_out.safetensors"))["loss"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(loss - torchLoss) <= 1e-5 * Math.Max(1, Math.Abs(torchLoss)), $"loss {loss:R} vs torch {torchLoss:R}");

        var logits = output["logits"].Data;
        Assert.Equal(model.LastLogits.Length, logits.Length);
        for (var i = 0; i < logits.Length; i++)
        {
            Assert.True(Math.Abs(model.LastLogits[i] - logits[i]) <= 1e-4, $"logit {i}: {model.LastLogits[i]:R} vs torch {logits[i]:R}");
        }

        // Relative error judged against the tensor's own scale; a tensor whose whole gradient is
        // below a ten-thousandth of the model's largest (the key bias, whose true gradient is 0) is
        // judged against that floor instead of its rounding noise.
        var global = model.Parameters.Max(p => MaxAbs(output["grad/" + p.Name].Data));
        foreach (var p in model.Parameters)
        {
            var expected = output["grad/" + p.Name].Data;
            var scale = Math.Max(MaxAbs(expected), 1e-4 * global);
            for (var i = 0; i < expected.Length; i++)
            {
                var bound = 1e-3 * Math.Max(Math.Abs(expected[i]), scale);
                Assert.True(Math.Abs(p.Grad[i] - expected[i]) <= bound, $"{p.Name}[{i}]: {p.Grad[i]:R} vs torch {expected[i]:R} (bound {bound:E2})");
            }
        }

        var word = model.FindParameter("bert.embeddings.word_embeddings.weight")!;
        Assert.All(word.Grad.AsSpan(0, Config.HiddenSize).ToArray(), g => Assert.Equal(0f, g));
    }

    private static double MaxAbs(float[] values) => values.Length == 0 ? 0 : values.Max(v => Math.Abs((double)v));
}
