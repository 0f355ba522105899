using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tests.Tensors;

namespace SweepCluster.Training.Tests.Model;

public class BertClassifierGradientTests
{
    [Fact]
    public void Predict_RandomTinyModel_MatchesDoubleReferenceLogits()
    {
        var config = TinyBert.Config();
        var model = TinyBert.Random(config, 3, seed: 21);
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 22);
        var logits = new float[9];

        model.Predict(batch, logits);

        var expected = new ReferenceBert(config, 3).Logits(ReferenceBert.Snapshot(model), batch);
        for (var i = 0; i < logits.Length; i++)
        {
            Assert.True(Math.Abs(logits[i] - expected[i]) <= 2e-6 * Math.Max(1, Math.Abs(expected[i])), $"logit {i}: {logits[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void ForwardBackward_Classification_EveryTensorMatchesCentralDifferencesOfDoubleReference()
    {
        var config = TinyBert.Config();
        var model = TinyBert.Random(config, 3, seed: 23);
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 24);
        int[] labels = [2, 0, 1];
        var reference = new ReferenceBert(config, 3);

        var loss = model.ForwardBackward(batch, labels, new Rng(1));

        var weights = ReferenceBert.Snapshot(model);
        Assert.True(Math.Abs(loss - reference.CrossEntropy(weights, batch, labels)) <= 1e-6);
        CheckSampledEntries(model, batch, w => reference.CrossEntropy(w, batch, labels), weights, new Rng(25));
    }

    [Fact]
    public void ForwardBackwardRegression_EveryTensorMatchesCentralDifferencesOfDoubleReference()
    {
        var config = TinyBert.Config();
        var model = TinyBert.Random(config, 1, seed: 26);
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 27);
        float[] targets = [0.5f, -1.25f, 2f];
        var reference = new ReferenceBert(config, 1);

        var loss = model.ForwardBackwardRegression(batch, targets, new Rng(1));

        var weights = ReferenceBert.Snapshot(model);
        Assert.True(Math.Abs(loss - reference.SquaredError(weights, batch, targets)) <= 1e-5);
        CheckSampledEntries(model, batch, w => reference.SquaredError(w, batch, targets), weights, new Rng(28));
    }

    [Fact]
    public void ForwardBackward_WithDropout_GradientsMatchFloatCentralDifferencesUnderTheSameMasks()
    {
        // The double reference has no dropout; here the float model is its own oracle: the loss with
        // masks replayed from one Rng state, differenced with a large step. Tolerance 2 % would still
        // catch a missing mask or 1/(1−p) (30 % dropout).
        var config = TinyBert.Config() with { HiddenDropoutProb = 0.3, AttentionProbsDropoutProb = 0.3 };
        var model = TinyBert.Random(config, 2, seed: 29);
        var batch = TinyBert.Batch(3, 5, config.VocabSize, seed: 30);
        int[] labels = [1, 0, 1];
        var state = new Rng(31).GetState();
        model.ForwardBackward(batch, labels, Rng.FromState(state));
        var analytic = model.Parameters.ToDictionary(p => p.Name, p => (float[])p.Grad.Clone());

        var pick = new Rng(32);
        foreach (var p in model.Parameters.Where(p => !IsKeyBias(p)))
        {
            var scale = MaxAbs(analytic[p.Name]);
            var index = PickIndex(p, batch, pick);
            var saved = p.Data[index];
            const float h = 1e-2f;
            p.Data[index] = saved + h;
            double plus = model.ForwardBackward(batch, labels, Rng.FromState(state));
            p.Data[index] = saved - h;
            double minus = model.ForwardBackward(batch, labels, Rng.FromState(state));
            p.Data[index] = saved;
            var numeric = (plus - minus) / (2 * h);
            GradientCheck.AssertClose(numeric, analytic[p.Name][index], scale, 2e-2, $"{p.Name}[{index}]");
        }
    }

    /// <summary>Two entries of every tensor (41 tensors for two layers), each against double central differences.</summary>
    private static void CheckSampledEntries(
        BertClassifier model, EncodedBatch batch, Func<Dictionary<string, double[]>, double> loss, Dictionary<string, double[]> weights, Rng pick)
    {
        var checkedEntries = 0;
        foreach (var p in model.Parameters)
        {
            if (IsKeyBias(p))
            {
                AssertKeyBiasGradientVanishes(model, p);
                checkedEntries += 2;
                continue;
            }

            var scale = MaxAbs(p.Grad);
            Assert.True(scale > 0, $"{p.Name} has an all-zero gradient");
            var w = weights[p.Name];
            for (var n = 0; n < 2; n++)
            {
                var index = PickIndex(p, batch, pick);
                var numeric = GradientCheck.Numeric(_ => loss(weights), w, index);
                GradientCheck.AssertClose(numeric, p.Grad[index], scale, 1e-4, $"{p.Name}[{index}]");
                checkedEntries++;
            }
        }

        Assert.Equal(2 * 41, checkedEntries);
    }

    // Softmax is invariant to adding q·b_k to a whole row of scores, so the key bias has no gradient:
    // both the analytic and the numeric value are rounding noise, which a relative check cannot judge.
    private static bool IsKeyBias(Parameter p) => p.Name.EndsWith("attention.self.key.bias", StringComparison.Ordinal);

    private static void AssertKeyBiasGradientVanishes(BertClassifier model, Parameter keyBias)
    {
        var queryBias = model.FindParameter(keyBias.Name.Replace(".key.", ".query.", StringComparison.Ordinal))!;
        Assert.True(MaxAbs(keyBias.Grad) <= 1e-5 * MaxAbs(queryBias.Grad), $"{keyBias.Name}: {MaxAbs(keyBias.Grad):E3}");
    }

    /// <summary>A random entry, restricted for embedding tables to rows the batch actually uses.</summary>
    private static int PickIndex(Parameter p, EncodedBatch batch, Rng pick)
    {
        var width = p.Shape[^1];
        int row;
        if (p.Name.EndsWith("word_embeddings.weight", StringComparison.Ordinal))
        {
            row = batch.InputIds[pick.NextInt(batch.SeqLength)]; // row 0 of the batch is unpadded
        }
        else if (p.Name.EndsWith("position_embeddings.weight", StringComparison.Ordinal))
        {
            row = pick.NextInt(batch.SeqLength);
        }
        else
        {
            return pick.NextInt(p.Data.Length);
        }

        return (row * width) + pick.NextInt(width);
    }

    private static double MaxAbs(float[] values)
    {
        double m = 0;
        foreach (var v in values)
        {
            m = Math.Max(m, Math.Abs(v));
        }

        return m;
    }
}
