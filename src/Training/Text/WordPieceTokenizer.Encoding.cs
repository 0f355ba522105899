namespace SweepCluster.Training.Text;

/// <summary>Encoding: special tokens, segment ids, truncation and padding.</summary>
public sealed partial class WordPieceTokenizer
{
    /// <summary>
    /// Encodes one example as <c>[CLS] a [SEP]</c> or <c>[CLS] a [SEP] b [SEP]</c>, padded with
    /// [PAD] to <paramref name="maxLength"/>. Too long inputs are truncated longest-first (see
    /// <see cref="TruncateLongestFirst"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> cannot hold the special tokens.</exception>
    public EncodedExample Encode(string text, string? textPair, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specialCount = textPair is null ? 2 : 3;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, specialCount);
        // Longest-first truncation keeps at most `budget` tokens of either side and its outcome
        // depends on each length only up to `budget`, so tokenizing past that is wasted work.
        var budget = maxLength - specialCount;
        var first = TokenizeToIds(text, budget);
        var second = textPair is null ? null : TokenizeToIds(textPair, budget);
        TruncateLongestFirst(first, second, budget);

        var inputIds = new int[maxLength];
        var tokenTypeIds = new int[maxLength];
        var attentionMask = new int[maxLength];
        var t = 0;
        void Put(int id, int segment)
        {
            inputIds[t] = id;
            tokenTypeIds[t] = segment;
            attentionMask[t] = 1;
            t++;
        }

        Put(ClsId, 0);
        first.ForEach(id => Put(id, 0));
        Put(SepId, 0);
        if (second is not null)
        {
            second.ForEach(id => Put(id, 1));
            Put(SepId, 1);
        }

        inputIds.AsSpan(t).Fill(PadId);
        return new EncodedExample(inputIds, tokenTypeIds, attentionMask);
    }

    /// <summary>
    /// Hugging Face's <c>longest_first</c> truncation (the slow tokenizer's rule, identical to
    /// Google BERT's <c>_truncate_seq_pair</c>): while the total exceeds
    /// <paramref name="budget"/>, drop the last token of the longer sequence; on a tie, of the
    /// second. A single sequence just loses its tail.
    /// </summary>
    public static void TruncateLongestFirst(List<int> first, List<int>? second, int budget)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        while (first.Count + (second?.Count ?? 0) > budget)
        {
            var target = second is null || first.Count > second.Count ? first : second;
            target.RemoveAt(target.Count - 1);
        }
    }
}
