namespace SweepCluster.Training.Model;

/// <summary>
/// A padded batch of token sequences, row-major [<paramref name="BatchSize"/>, <paramref name="SeqLength"/>]:
/// token ids, segment (token type) ids, and an attention mask with 1 for real tokens and 0 for padding.
/// Position 0 of every row is the <c>[CLS]</c> token the classifier reads.
/// </summary>
public sealed record EncodedBatch(int BatchSize, int SeqLength, int[] InputIds, int[] TokenTypeIds, int[] AttentionMask)
{
    /// <summary>BatchSize · SeqLength.</summary>
    public int Tokens => BatchSize * SeqLength;

    /// <summary>Throws <see cref="ArgumentException"/> if the arrays or ids do not fit <paramref name="config"/>.</summary>
    public void Validate(BertConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (BatchSize <= 0 || SeqLength <= 0)
        {
            throw new ArgumentException($"A batch needs positive dimensions, got [{BatchSize}, {SeqLength}].");
        }

        if (SeqLength > config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"Sequence length {SeqLength} exceeds max_position_embeddings {config.MaxPositionEmbeddings}.");
        }

        CheckIds(InputIds, config.VocabSize, nameof(InputIds));
        CheckIds(TokenTypeIds, config.TypeVocabSize, nameof(TokenTypeIds));
        CheckIds(AttentionMask, 2, nameof(AttentionMask));
    }

    private void CheckIds(int[] ids, int limit, string name)
    {
        ArgumentNullException.ThrowIfNull(ids, name);
        if (ids.Length != Tokens)
        {
            throw new ArgumentException($"{name} has {ids.Length} entries, expected {BatchSize}·{SeqLength} = {Tokens}.", name);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)limit)
            {
                throw new ArgumentException($"{name}[{i}] = {ids[i]} is outside [0, {limit}).", name);
            }
        }
    }
}
