namespace SweepCluster.Training.Model;

/// <summary>
/// Model-level buffers: the embedding and head activations, the attention mask, and the gradient
/// scratch shared by all layers during the backward pass (layers run one at a time).
/// </summary>
internal sealed class Workspace
{
    // Forward.
    public readonly GrowableBuffer<float> AdditiveMask = new();   // [B, S]: 0 or float.MinValue
    public readonly GrowableBuffer<float> EmbeddingSum = new();   // [T, H], LayerNorm input
    public readonly GrowableBuffer<float> EmbeddingMean = new();  // [T]
    public readonly GrowableBuffer<float> EmbeddingRstd = new();  // [T]
    public readonly GrowableBuffer<byte> EmbeddingKeep = new();   // [T, H]
    public readonly GrowableBuffer<float> EmbeddingOutput = new(); // [T, H], layer 0 input
    public readonly GrowableBuffer<float> Cls = new();            // [B, H]
    public readonly GrowableBuffer<float> Pooled = new();         // [B, H], tanh output
    public readonly GrowableBuffer<byte> PooledKeep = new();      // [B, H]
    public readonly GrowableBuffer<float> PooledDropped = new();  // [B, H], classifier input
    public readonly GrowableBuffer<float> Logits = new();         // [B, L]
    public readonly GrowableBuffer<float> AttentionScratch = new(); // [S, S], dropped probabilities

    // Backward.
    public readonly GrowableBuffer<float> DLogits = new();        // [B, L]
    public readonly GrowableBuffer<float> DPooled = new();        // [B, H]
    public readonly GrowableBuffer<float> DCls = new();           // [B, H]
    public readonly GrowableBuffer<float> DHiddenA = new();       // [T, H], ping-pong between layers
    public readonly GrowableBuffer<float> DHiddenB = new();       // [T, H]
    public readonly GrowableBuffer<float> DSum = new();           // [T, H]
    public readonly GrowableBuffer<float> DH1 = new();            // [T, H]
    public readonly GrowableBuffer<float> DActivated = new();     // [T, I]
    public readonly GrowableBuffer<float> DContext = new();       // [T, H]
    public readonly GrowableBuffer<float> DQ = new();             // [T, H]
    public readonly GrowableBuffer<float> DK = new();             // [T, H]
    public readonly GrowableBuffer<float> DV = new();             // [T, H]
    public readonly GrowableBuffer<float> DScores = new();        // [S, S]
    public readonly GrowableBuffer<float> NormScratch = new();    // [2H]

    public void ResizeForward(BatchShape shape, BertConfig config, int numLabels)
    {
        var th = shape.Tokens * config.HiddenSize;
        var bh = shape.Batch * config.HiddenSize;
        AdditiveMask.Resize(shape.Tokens);
        EmbeddingSum.Resize(th);
        EmbeddingMean.Resize(shape.Tokens);
        EmbeddingRstd.Resize(shape.Tokens);
        EmbeddingKeep.Resize(th);
        EmbeddingOutput.Resize(th);
        Cls.Resize(bh);
        Pooled.Resize(bh);
        PooledKeep.Resize(bh);
        PooledDropped.Resize(bh);
        Logits.Resize(shape.Batch * numLabels);
        AttentionScratch.Resize(shape.Seq * shape.Seq);
    }

    public void ResizeBackward(BatchShape shape, BertConfig config, int numLabels)
    {
        var th = shape.Tokens * config.HiddenSize;
        var bh = shape.Batch * config.HiddenSize;
        DLogits.Resize(shape.Batch * numLabels);
        DPooled.Resize(bh);
        DCls.Resize(bh);
        foreach (var b in (GrowableBuffer<float>[])[DHiddenA, DHiddenB, DSum, DH1, DContext, DQ, DK, DV])
        {
            b.Resize(th);
        }

        DActivated.Resize(shape.Tokens * config.IntermediateSize);
        DScores.Resize(shape.Seq * shape.Seq);
        NormScratch.Resize(2 * config.HiddenSize);
    }
}
