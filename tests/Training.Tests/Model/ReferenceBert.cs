using SweepCluster.Training.Model;
using SweepCluster.Training.Tests.Tensors;

namespace SweepCluster.Training.Tests.Model;

/// <summary>
/// An independent double-precision BERT forward pass (no dropout) written straight from the
/// architecture, over a name → values map. Used to check the float model's logits and, through
/// central differences, every gradient of its hand-written backward pass.
/// </summary>
internal sealed class ReferenceBert(BertConfig config, int numLabels)
{
    public static Dictionary<string, double[]> Snapshot(BertClassifier model) =>
        model.Parameters.ToDictionary(p => p.Name, p => GradientCheck.ToDouble(p.Data));

    public double[] Logits(Dictionary<string, double[]> w, EncodedBatch batch)
    {
        int bs = batch.BatchSize, s = batch.SeqLength, h = config.HiddenSize, t = bs * s;
        var x = new double[t * h];
        var word = w["bert.embeddings.word_embeddings.weight"];
        var pos = w["bert.embeddings.position_embeddings.weight"];
        var type = w["bert.embeddings.token_type_embeddings.weight"];
        for (var i = 0; i < t; i++)
        {
            for (var c = 0; c < h; c++)
            {
                x[(i * h) + c] = word[(batch.InputIds[i] * h) + c] + pos[(i % s * h) + c] + type[(batch.TokenTypeIds[i] * h) + c];
            }
        }

        x = Norm(w, "bert.embeddings.LayerNorm", x, t);
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            x = Layer(w, $"bert.encoder.layer.{l}.", x, batch);
        }

        var cls = new double[bs * h];
        for (var b = 0; b < bs; b++)
        {
            Array.Copy(x, b * s * h, cls, b * h, h);
        }

        var pooled = KernelReference.Map(Dense(w, "bert.pooler.dense", cls, bs, h, h), Math.Tanh);
        return Dense(w, "classifier", pooled, bs, h, numLabels);
    }

    public double CrossEntropy(Dictionary<string, double[]> w, EncodedBatch batch, int[] labels)
    {
        var logits = Logits(w, batch);
        double total = 0;
        for (var b = 0; b < batch.BatchSize; b++)
        {
            double sum = 0;
            for (var c = 0; c < numLabels; c++)
            {
                sum += Math.Exp(logits[(b * numLabels) + c]);
            }

            total += Math.Log(sum) - logits[(b * numLabels) + labels[b]];
        }

        return total / batch.BatchSize;
    }

    public double SquaredError(Dictionary<string, double[]> w, EncodedBatch batch, float[] targets)
    {
        var logits = Logits(w, batch);
        double total = 0;
        for (var b = 0; b < batch.BatchSize; b++)
        {
            total += (logits[b] - targets[b]) * (logits[b] - targets[b]);
        }

        return total / batch.BatchSize;
    }

    private double[] Layer(Dictionary<string, double[]> w, string p, double[] x, EncodedBatch batch)
    {
        int bs = batch.BatchSize, s = batch.SeqLength, h = config.HiddenSize, t = bs * s;
        int heads = config.NumAttentionHeads, d = h / heads;
        var q = Dense(w, p + "attention.self.query", x, t, h, h);
        var k = Dense(w, p + "attention.self.key", x, t, h, h);
        var v = Dense(w, p + "attention.self.value", x, t, h, h);
        var context = new double[t * h];
        for (var b = 0; b < bs; b++)
        {
            var mask = new double[s];
            for (var j = 0; j < s; j++)
            {
                mask[j] = batch.AttentionMask[(b * s) + j] == 1 ? 0 : double.NegativeInfinity;
            }

            for (var head = 0; head < heads; head++)
            {
                var scores = new double[s * s];
                for (var i = 0; i < s; i++)
                {
                    for (var j = 0; j < s; j++)
                    {
                        double dot = 0;
                        for (var c = 0; c < d; c++)
                        {
                            dot += q[(((b * s) + i) * h) + (head * d) + c] * k[(((b * s) + j) * h) + (head * d) + c];
                        }

                        scores[(i * s) + j] = dot / Math.Sqrt(d);
                    }
                }

                var probs = KernelReference.SoftmaxRows(scores, s, s, mask);
                for (var i = 0; i < s; i++)
                {
                    for (var c = 0; c < d; c++)
                    {
                        double sum = 0;
                        for (var j = 0; j < s; j++)
                        {
                            sum += probs[(i * s) + j] * v[(((b * s) + j) * h) + (head * d) + c];
                        }

                        context[(((b * s) + i) * h) + (head * d) + c] = sum;
                    }
                }
            }
        }

        var h1 = Norm(w, p + "attention.output.LayerNorm", Add(Dense(w, p + "attention.output.dense", context, t, h, h), x), t);
        var inner = KernelReference.Map(Dense(w, p + "intermediate.dense", h1, t, h, config.IntermediateSize), KernelReference.Gelu);
        return Norm(w, p + "output.LayerNorm", Add(Dense(w, p + "output.dense", inner, t, config.IntermediateSize, h), h1), t);
    }

    private static double[] Dense(Dictionary<string, double[]> w, string name, double[] x, int rows, int inFeatures, int outFeatures) =>
        KernelReference.Linear(x, rows, w[name + ".weight"], w[name + ".bias"], inFeatures, outFeatures);

    private double[] Norm(Dictionary<string, double[]> w, string name, double[] x, int rows) =>
        KernelReference.LayerNorm(x, rows, config.HiddenSize, w[name + ".weight"], w[name + ".bias"], (float)config.LayerNormEps);

    private static double[] Add(double[] a, double[] b)
    {
        var y = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            y[i] = a[i] + b[i];
        }

        return y;
    }
}
