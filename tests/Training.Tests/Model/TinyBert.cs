using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Model;

/// <summary>Small models and padded batches for the model tests.</summary>
internal static class TinyBert
{
    /// <summary>vocab 50, hidden 8, 2 heads, 2 layers, intermediate 16, dropout off.</summary>
    public static BertConfig Config() => new()
    {
        VocabSize = 50,
        HiddenSize = 8,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        IntermediateSize = 16,
        MaxPositionEmbeddings = 16,
        TypeVocabSize = 2,
        LayerNormEps = 1e-12,
        HiddenDropoutProb = 0,
        AttentionProbsDropoutProb = 0,
    };

    /// <summary>
    /// A model whose every parameter is random (LayerNorm scales near 1, everything else larger than
    /// BERT's 0.02 so that attention is far from uniform and GELU far from linear).
    /// </summary>
    public static BertClassifier Random(BertConfig config, int numLabels, ulong seed, double scale = 0.3)
    {
        var model = new BertClassifier(config, numLabels);
        var rng = new Rng(seed);
        foreach (var p in model.Parameters)
        {
            var isScale = p.Name.EndsWith("LayerNorm.weight", StringComparison.Ordinal);
            for (var i = 0; i < p.Data.Length; i++)
            {
                p.Data[i] = (float)((isScale ? 1.0 : 0.0) + (rng.NextGaussian() * scale));
            }
        }

        return model;
    }

    /// <summary>
    /// A batch of <paramref name="batchSize"/> rows of length <paramref name="seq"/>, row b padded
    /// after b + 2 real tokens' worth of shrinkage (the first row unpadded), token types 0 then 1.
    /// </summary>
    public static EncodedBatch Batch(int batchSize, int seq, int vocab, ulong seed)
    {
        var rng = new Rng(seed);
        var ids = new int[batchSize * seq];
        var types = new int[batchSize * seq];
        var mask = new int[batchSize * seq];
        for (var b = 0; b < batchSize; b++)
        {
            var length = Math.Max(2, seq - (2 * b));
            for (var i = 0; i < seq; i++)
            {
                var real = i < length;
                ids[(b * seq) + i] = real ? 1 + rng.NextInt(vocab - 1) : 0;
                types[(b * seq) + i] = real && i >= length / 2 ? 1 : 0;
                mask[(b * seq) + i] = real ? 1 : 0;
            }
        }

        return new EncodedBatch(batchSize, seq, ids, types, mask);
    }
}
