namespace SweepCluster.Training.Text;

/// <summary>
/// Encoded examples packed row-major into flat arrays of <c>BatchSize × SequenceLength</c>: the
/// form the model consumes (row r, position t is at index <c>r * SequenceLength + t</c>).
/// </summary>
public sealed record EncodedBatch(int BatchSize, int SequenceLength, int[] InputIds, int[] TokenTypeIds, int[] AttentionMask)
{
    /// <summary>Packs all <paramref name="examples"/> in order.</summary>
    public static EncodedBatch Pack(IReadOnlyList<EncodedExample> examples, bool trimToLongest = false)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var rows = new int[examples.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        return Pack(examples, rows, trimToLongest);
    }

    /// <summary>
    /// Packs the examples at <paramref name="rows"/> (e.g. one slice of an epoch's permutation).
    /// </summary>
    /// <param name="examples">Encoded examples, all of the same padded length.</param>
    /// <param name="rows">Indices into <paramref name="examples"/>, one per batch row.</param>
    /// <param name="trimToLongest">
    /// Cut the sequence length to the longest example in this batch (less work on short texts).
    /// Off by default: the result then has exactly the encoded length.
    /// </param>
    public static EncodedBatch Pack(IReadOnlyList<EncodedExample> examples, ReadOnlySpan<int> rows, bool trimToLongest = false)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (rows.IsEmpty)
        {
            throw new ArgumentException("A batch needs at least one row.", nameof(rows));
        }

        var fullLength = examples[rows[0]].InputIds.Length;
        var length = 0;
        foreach (var row in rows)
        {
            var example = examples[row];
            if (example.InputIds.Length != fullLength || example.TokenTypeIds.Length != fullLength || example.AttentionMask.Length != fullLength)
            {
                throw new ArgumentException($"Example {row} has length {example.InputIds.Length}; the batch has {fullLength}.", nameof(examples));
            }

            length = Math.Max(length, example.TokenCount);
        }

        if (!trimToLongest)
        {
            length = fullLength;
        }

        var inputIds = new int[rows.Length * length];
        var tokenTypeIds = new int[rows.Length * length];
        var attentionMask = new int[rows.Length * length];
        for (var r = 0; r < rows.Length; r++)
        {
            var example = examples[rows[r]];
            example.InputIds.AsSpan(0, length).CopyTo(inputIds.AsSpan(r * length, length));
            example.TokenTypeIds.AsSpan(0, length).CopyTo(tokenTypeIds.AsSpan(r * length, length));
            example.AttentionMask.AsSpan(0, length).CopyTo(attentionMask.AsSpan(r * length, length));
        }

        return new EncodedBatch(rows.Length, length, inputIds, tokenTypeIds, attentionMask);
    }
}
