using System.Numerics.Tensors;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <summary>Word + token-type + position embeddings, then LayerNorm and dropout.</summary>
internal sealed class BertEmbeddings
{
    private readonly BertConfig _config;

    public BertEmbeddings(BertConfig config)
    {
        _config = config;
        var h = config.HiddenSize;
        Word = new Parameter("bert.embeddings.word_embeddings.weight", [config.VocabSize, h], decay: true);
        Position = new Parameter("bert.embeddings.position_embeddings.weight", [config.MaxPositionEmbeddings, h], decay: true);
        TokenType = new Parameter("bert.embeddings.token_type_embeddings.weight", [config.TypeVocabSize, h], decay: true);
        Norm = new LayerNormModule("bert.embeddings.LayerNorm", h, config.LayerNormEps);
    }

    public Parameter Word { get; }

    public Parameter Position { get; }

    public Parameter TokenType { get; }

    public LayerNormModule Norm { get; }

    public IEnumerable<Parameter> Parameters => [Word, Position, TokenType, Norm.Gamma, Norm.Beta];

    /// <summary>Fills <see cref="Workspace.EmbeddingOutput"/>; dropout only when <paramref name="dropoutRng"/> is given.</summary>
    public void Forward(EncodedBatch batch, Workspace ws, Rng? dropoutRng)
    {
        var h = _config.HiddenSize;
        var sum = ws.EmbeddingSum.Span;
        Embedding.Gather(Word.Data, h, batch.InputIds, sum);

        // Same order of additions as Hugging Face: (word + token type) + position.
        for (var t = 0; t < batch.Tokens; t++)
        {
            var row = sum.Slice(t * h, h);
            TensorPrimitives.Add(row, TokenType.Data.AsSpan(batch.TokenTypeIds[t] * h, h), row);
            TensorPrimitives.Add(row, Position.Data.AsSpan(t % batch.SeqLength * h, h), row);
        }

        var output = ws.EmbeddingOutput.Span;
        Norm.Forward(sum, output, batch.Tokens, ws.EmbeddingMean.Span, ws.EmbeddingRstd.Span);
        if (dropoutRng is not null)
        {
            Dropout.Forward(output, output, ws.EmbeddingKeep.Span, (float)_config.HiddenDropoutProb, dropoutRng);
        }
    }

    /// <summary>Consumes <paramref name="dOutput"/> (overwritten) and adds the embedding gradients.</summary>
    public void Backward(EncodedBatch batch, Workspace ws, Span<float> dOutput)
    {
        var h = _config.HiddenSize;
        Dropout.Backward(dOutput, dOutput, ws.EmbeddingKeep.Span, (float)_config.HiddenDropoutProb);
        Norm.Backward(ws.EmbeddingSum.Span, dOutput, dOutput, batch.Tokens, ws.EmbeddingMean.Span, ws.EmbeddingRstd.Span, ws.NormScratch.Span);
        Embedding.ScatterAdd(dOutput, h, batch.InputIds, Word.Grad, skipId: _config.PadTokenId);
        Embedding.ScatterAdd(dOutput, h, batch.TokenTypeIds, TokenType.Grad);
        for (var t = 0; t < batch.Tokens; t++)
        {
            var row = Position.Grad.AsSpan(t % batch.SeqLength * h, h);
            TensorPrimitives.Add(row, dOutput.Slice(t * h, h), row);
        }
    }
}
