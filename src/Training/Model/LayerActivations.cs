namespace SweepCluster.Training.Model;

/// <summary>
/// What one encoder layer's forward pass keeps for its backward pass. Sizes: T = tokens, H = hidden,
/// I = intermediate, A = heads, S = sequence length, B = batch.
/// </summary>
internal sealed class LayerActivations
{
    /// <summary>Query, key and value projections [T, H].</summary>
    public readonly GrowableBuffer<float> Q = new();

    public readonly GrowableBuffer<float> K = new();

    public readonly GrowableBuffer<float> V = new();

    /// <summary>Attention probabilities before dropout [B, A, S, S] and their dropout keep mask.</summary>
    public readonly GrowableBuffer<float> Probs = new();

    public readonly GrowableBuffer<byte> ProbsKeep = new();

    /// <summary>Attention context (heads concatenated) [T, H].</summary>
    public readonly GrowableBuffer<float> Context = new();

    /// <summary>Input of the attention LayerNorm (dropout(dense(context)) + x) [T, H], its statistics and mask.</summary>
    public readonly GrowableBuffer<float> Sum1 = new();

    public readonly GrowableBuffer<float> Mean1 = new();

    public readonly GrowableBuffer<float> Rstd1 = new();

    public readonly GrowableBuffer<byte> Keep1 = new();

    /// <summary>Attention block output [T, H].</summary>
    public readonly GrowableBuffer<float> H1 = new();

    /// <summary>
    /// Intermediate pre-activation [T, I] and its GELU [T, I]; a training forward pass replaces the
    /// pre-activation by GELU's derivative there, which is all the backward pass needs.
    /// </summary>
    public readonly GrowableBuffer<float> Intermediate = new();

    public readonly GrowableBuffer<float> Activated = new();

    /// <summary>Input of the output LayerNorm (dropout(dense(gelu)) + H1) [T, H], its statistics and mask.</summary>
    public readonly GrowableBuffer<float> Sum2 = new();

    public readonly GrowableBuffer<float> Mean2 = new();

    public readonly GrowableBuffer<float> Rstd2 = new();

    public readonly GrowableBuffer<byte> Keep2 = new();

    /// <summary>Layer output [T, H], the next layer's input.</summary>
    public readonly GrowableBuffer<float> Output = new();

    public void Resize(BatchShape shape, BertConfig config)
    {
        var th = shape.Tokens * config.HiddenSize;
        var ti = shape.Tokens * config.IntermediateSize;
        var probs = shape.Batch * config.NumAttentionHeads * shape.Seq * shape.Seq;
        foreach (var b in (GrowableBuffer<float>[])[Q, K, V, Context, Sum1, H1, Sum2, Output])
        {
            b.Resize(th);
        }

        foreach (var b in (GrowableBuffer<float>[])[Mean1, Rstd1, Mean2, Rstd2])
        {
            b.Resize(shape.Tokens);
        }

        Keep1.Resize(th);
        Keep2.Resize(th);
        Intermediate.Resize(ti);
        Activated.Resize(ti);
        Probs.Resize(probs);
        ProbsKeep.Resize(probs);
    }
}
