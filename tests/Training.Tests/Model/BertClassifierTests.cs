using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Model;

public class BertClassifierTests
{
    [Fact]
    public void Parameters_TwoLayerConfig_ExactHuggingFaceNamesShapesAndDecayInStateDictOrder()
    {
        var config = TinyBert.Config();
        var model = new BertClassifier(config, 3);

        var expected = new List<(string Name, int[] Shape, bool Decay)>
        {
            ("bert.embeddings.word_embeddings.weight", [50, 8], true),
            ("bert.embeddings.position_embeddings.weight", [16, 8], true),
            ("bert.embeddings.token_type_embeddings.weight", [2, 8], true),
            ("bert.embeddings.LayerNorm.weight", [8], false),
            ("bert.embeddings.LayerNorm.bias", [8], false),
        };
        for (var i = 0; i < 2; i++)
        {
            var p = $"bert.encoder.layer.{i}.";
            expected.AddRange(
            [
                (p + "attention.self.query.weight", [8, 8], true), (p + "attention.self.query.bias", [8], false),
                (p + "attention.self.key.weight", [8, 8], true), (p + "attention.self.key.bias", [8], false),
                (p + "attention.self.value.weight", [8, 8], true), (p + "attention.self.value.bias", [8], false),
                (p + "attention.output.dense.weight", [8, 8], true), (p + "attention.output.dense.bias", [8], false),
                (p + "attention.output.LayerNorm.weight", [8], false), (p + "attention.output.LayerNorm.bias", [8], false),
                (p + "intermediate.dense.weight", [16, 8], true), (p + "intermediate.dense.bias", [16], false),
                (p + "output.dense.weight", [8, 16], true), (p + "output.dense.bias", [8], false),
                (p + "output.LayerNorm.weight", [8], false), (p + "output.LayerNorm.bias", [8], false),
            ]);
        }

        expected.AddRange(
        [
            ("bert.pooler.dense.weight", [8, 8], true), ("bert.pooler.dense.bias", [8], false),
            ("classifier.weight", [3, 8], true), ("classifier.bias", [3], false),
        ]);

        Assert.Equal(expected.Select(e => e.Name), model.Parameters.Select(p => p.Name));
        Assert.Equal(expected.Select(e => string.Join(',', e.Shape)), model.Parameters.Select(p => string.Join(',', p.Shape)));
        Assert.Equal(expected.Select(e => e.Decay), model.Parameters.Select(p => p.Decay));
        Assert.Equal(["classifier.weight", "classifier.bias"], model.HeadParameters.Select(p => p.Name));
    }

    [Fact]
    public void InitializeAll_Seeded_BertInitialization()
    {
        var config = TinyBert.Config() with { VocabSize = 400, HiddenSize = 32, NumAttentionHeads = 4, IntermediateSize = 64 };
        var model = new BertClassifier(config, 2);
        model.InitializeAll(new Rng(5));

        foreach (var p in model.Parameters)
        {
            if (p.Name.Contains(".LayerNorm.", StringComparison.Ordinal))
            {
                Assert.All(p.Data, v => Assert.Equal(p.Name.EndsWith("weight", StringComparison.Ordinal) ? 1f : 0f, v));
            }
            else if (p.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                Assert.All(p.Data, v => Assert.Equal(0f, v));
            }
        }

        var word = model.FindParameter("bert.embeddings.word_embeddings.weight")!;
        Assert.All(word.Data.AsSpan(0, 32).ToArray(), v => Assert.Equal(0f, v)); // padding row
        var values = word.Data.AsSpan(32).ToArray();
        var std = Math.Sqrt(values.Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.0195, 0.0205); // 12 768 draws: relative standard error 0.6 %
        Assert.InRange(values.Average(v => (double)v), -0.0006, 0.0006);

        var again = new BertClassifier(config, 2);
        again.InitializeAll(new Rng(5));
        Assert.All(model.Parameters, p => Assert.Equal(p.Data, again.FindParameter(p.Name)!.Data));
    }

    [Fact]
    public void InitializeHead_SeededTwice_ChangesOnlyClassifierAndIsReproducible()
    {
        var config = TinyBert.Config();
        var model = TinyBert.Random(config, 2, seed: 40);
        var before = model.Parameters.ToDictionary(p => p.Name, p => (float[])p.Data.Clone());

        model.InitializeHead(Rng.ForStream("init", 7));
        var first = (float[])model.FindParameter("classifier.weight")!.Data.Clone();
        model.InitializeHead(Rng.ForStream("init", 7));

        foreach (var p in model.Parameters)
        {
            if (p.Name.StartsWith("classifier.", StringComparison.Ordinal))
            {
                Assert.NotEqual(before[p.Name], p.Data);
            }
            else
            {
                Assert.Equal(before[p.Name], p.Data);
            }
        }

        Assert.Equal(first, model.FindParameter("classifier.weight")!.Data);
        Assert.All(model.FindParameter("classifier.bias")!.Data, v => Assert.Equal(0f, v));
        model.InitializeHead(Rng.ForStream("init", 8));
        Assert.NotEqual(first, model.FindParameter("classifier.weight")!.Data);
    }

    [Fact]
    public void ForwardBackward_DropoutOnSameRngState_BitwiseIdenticalLossAndGradients()
    {
        var config = TinyBert.Config() with { HiddenDropoutProb = 0.1, AttentionProbsDropoutProb = 0.1 };
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 41);
        int[] labels = [0, 1, 1];
        var state = new Rng(42).GetState();

        var (loss1, grads1) = Run(config, batch, labels, Rng.FromState(state));
        var (loss2, grads2) = Run(config, batch, labels, Rng.FromState(state));
        var (loss3, _) = Run(config, batch, labels, new Rng(43));
        var (lossNoDropout, _) = Run(config with { HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0 }, batch, labels, Rng.FromState(state));

        Assert.Equal(loss1, loss2);
        Assert.Equal(grads1, grads2);
        Assert.NotEqual(loss1, loss3);
        Assert.NotEqual(loss1, lossNoDropout);
    }

    [Fact]
    public void ForwardBackward_CalledTwiceWithHalfScale_AccumulatesToOneFullStep()
    {
        var config = TinyBert.Config();
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 44);
        int[] labels = [1, 1, 0];
        var once = TinyBert.Random(config, 2, seed: 45);
        var twice = TinyBert.Random(config, 2, seed: 45);

        var loss = once.ForwardBackward(batch, labels, new Rng(1));
        Assert.Equal(loss, twice.ForwardBackward(batch, labels, new Rng(1), lossScale: 0.5f));
        twice.ForwardBackward(batch, labels, new Rng(1), lossScale: 0.5f);

        foreach (var p in once.Parameters)
        {
            var q = twice.FindParameter(p.Name)!;
            for (var i = 0; i < p.Grad.Length; i++)
            {
                Assert.True(Math.Abs(p.Grad[i] - q.Grad[i]) <= 1e-6f * (1 + Math.Abs(p.Grad[i])), $"{p.Name}[{i}]");
            }
        }

        once.ZeroGradients();
        Assert.All(once.Parameters, p => Assert.All(p.Grad, g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void Predict_AfterLargerAndSmallerBatches_ReusedBuffersGiveIdenticalLogits()
    {
        var config = TinyBert.Config() with { HiddenDropoutProb = 0.2, AttentionProbsDropoutProb = 0.2 };
        var model = TinyBert.Random(config, 2, seed: 46);
        var small = TinyBert.Batch(2, 4, config.VocabSize, seed: 47);
        var large = TinyBert.Batch(4, 9, config.VocabSize, seed: 48);
        var first = new float[4];
        var second = new float[4];

        model.Predict(small, first);
        model.ForwardBackward(large, [0, 1, 0, 1], new Rng(2));
        model.Predict(small, second);

        Assert.Equal(first, second);
        var fresh = TinyBert.Random(config, 2, seed: 46);
        var third = new float[4];
        fresh.Predict(small, third);
        Assert.Equal(first, third);
    }

    [Fact]
    public void ForwardBackward_WrongInputs_ThrowClearErrors()
    {
        var config = TinyBert.Config();
        var model = new BertClassifier(config, 2);
        var batch = TinyBert.Batch(2, 4, config.VocabSize, seed: 49);

        Assert.Contains("Got 3 labels for a batch of 2", Assert.Throws<ArgumentException>(() => model.ForwardBackward(batch, [0, 1, 1], new Rng(1))).Message, StringComparison.Ordinal);
        Assert.Contains("Label 2 of example 1", Assert.Throws<ArgumentOutOfRangeException>(() => model.ForwardBackward(batch, [0, 2], new Rng(1))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => model.ForwardBackwardRegression(batch, [0f, 1f], new Rng(1)));
        var badIds = batch with { InputIds = [.. batch.InputIds[..^1], 50] };
        Assert.Contains("InputIds[7] = 50", Assert.Throws<ArgumentException>(() => model.Predict(badIds, new float[4])).Message, StringComparison.Ordinal);
        var tooLong = TinyBert.Batch(1, 17, config.VocabSize, seed: 50);
        Assert.Contains("max_position_embeddings 16", Assert.Throws<ArgumentException>(() => model.Predict(tooLong, new float[2])).Message, StringComparison.Ordinal);
        Assert.Contains("\"relu\" is not supported", Assert.Throws<InvalidDataException>(() => new BertClassifier(config with { HiddenAct = "relu" }, 2)).Message, StringComparison.Ordinal);
    }

    private static (float Loss, float[][] Grads) Run(BertConfig config, EncodedBatch batch, int[] labels, Rng rng)
    {
        var model = TinyBert.Random(config, 2, seed: 50);
        var loss = model.ForwardBackward(batch, labels, rng);
        return (loss, model.Parameters.Select(p => p.Grad).ToArray());
    }
}
