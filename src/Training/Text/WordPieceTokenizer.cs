namespace SweepCluster.Training.Text;

/// <summary>
/// BERT's full tokenizer: <see cref="BasicTokenizer"/>, then WordPiece (greedy longest match
/// first, continuation pieces prefixed <c>##</c>; a word longer than
/// <see cref="MaxInputCharsPerWord"/> code points, or one that cannot be covered completely,
/// becomes a single <c>[UNK]</c>), and the encoding BERT classifiers expect.
/// </summary>
/// <remarks>
/// Special tokens ([PAD], [UNK], [CLS], [SEP], [MASK] — those the vocabulary has) written in the
/// text are recognized as themselves, case-sensitively, even without spaces around them, as
/// Hugging Face's <c>BertTokenizer</c> does (<c>"a[SEP]b"</c> → <c>a [SEP] b</c>).
/// Instances hold no mutable state and may be shared between threads.
/// </remarks>
public sealed partial class WordPieceTokenizer
{
    /// <summary>Longer words (in code points) become [UNK], as in Hugging Face's tokenizer.</summary>
    public const int MaxInputCharsPerWord = 100;

    private readonly BasicTokenizer _basic;
    private readonly string[] _specials;
    private readonly HashSet<string> _specialSet;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/>.</summary>
    /// <param name="vocabulary">Must contain [PAD], [UNK], [CLS] and [SEP].</param>
    /// <param name="uncased">Lower-case and strip accents (uncased checkpoints), or keep text as is (cased).</param>
    /// <param name="stripAccents">Override accent stripping; null follows <paramref name="uncased"/>.</param>
    /// <param name="tokenizeChineseChars">Split CJK ideographs into single tokens (default true).</param>
    /// <exception cref="ArgumentException">A required special token is missing.</exception>
    public WordPieceTokenizer(Vocabulary vocabulary, bool uncased, bool? stripAccents = null, bool tokenizeChineseChars = true)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        Uncased = uncased;
        PadId = RequireSpecial(Vocabulary.PadToken);
        UnknownId = RequireSpecial(Vocabulary.UnknownToken);
        ClsId = RequireSpecial(Vocabulary.ClsToken);
        SepId = RequireSpecial(Vocabulary.SepToken);
        _specials = [.. Vocabulary.SpecialTokens.Where(vocabulary.Contains)];
        _specialSet = new HashSet<string>(_specials, StringComparer.Ordinal);
        _basic = new BasicTokenizer(uncased, _specials, stripAccents, tokenizeChineseChars);
    }

    /// <summary>The vocabulary.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Whether text is lower-cased.</summary>
    public bool Uncased { get; }

    /// <summary>Id of [PAD].</summary>
    public int PadId { get; }

    /// <summary>Id of [UNK].</summary>
    public int UnknownId { get; }

    /// <summary>Id of [CLS].</summary>
    public int ClsId { get; }

    /// <summary>Id of [SEP].</summary>
    public int SepId { get; }

    /// <summary>Loads <c>vocab.txt</c> and creates a tokenizer over it.</summary>
    public static WordPieceTokenizer FromVocabularyFile(string path, bool uncased) => new(Vocabulary.Load(path), uncased);

    /// <summary>Splits text into vocabulary tokens.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">Return only the first this many tokens, doing only the work they need.</param>
    public List<string> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        var output = new List<string>();
        var start = 0;
        while (start <= text.Length && output.Count < maxTokens)
        {
            var (at, special) = FindSpecial(text, start);
            if (at > start)
            {
                // Every basic token yields at least one piece, so maxTokens basic tokens are enough.
                foreach (var word in _basic.Tokenize(text[start..at], maxTokens - output.Count))
                {
                    if (_specialSet.Contains(word))
                    {
                        output.Add(word);
                    }
                    else
                    {
                        AppendWordPieces(word, output);
                    }
                }
            }

            if (special is null)
            {
                break;
            }

            output.Add(special);
            start = at + special.Length;
        }

        if (output.Count > maxTokens)
        {
            output.RemoveRange(maxTokens, output.Count - maxTokens);
        }

        return output;
    }

    /// <summary>Splits text into vocabulary ids (no special tokens added).</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">Return only the first this many ids.</param>
    public List<int> TokenizeToIds(string text, int maxTokens = int.MaxValue)
    {
        var tokens = Tokenize(text, maxTokens);
        var ids = new List<int>(tokens.Count);
        foreach (var token in tokens)
        {
            ids.Add(Vocabulary.TryGetId(token, out var id) ? id : UnknownId);
        }

        return ids;
    }

    /// <summary>
    /// The WordPiece step for one basic token: greedy longest-match-first pieces, or a single
    /// [UNK] when the word is too long or some position cannot be matched.
    /// </summary>
    public void AppendWordPieces(string word, List<string> output)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(output);
        // The reference counts code points; more than twice the limit in UTF-16 units is surely too long.
        if (word.Length > 2 * MaxInputCharsPerWord)
        {
            output.Add(Vocabulary.UnknownToken);
            return;
        }

        // Offsets (in UTF-16 units) of each code point, plus the end.
        Span<int> offsets = stackalloc int[word.Length + 1];
        var n = 0;
        for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
        {
            offsets[n++] = i;
        }

        offsets[n] = word.Length;
        if (n > MaxInputCharsPerWord)
        {
            output.Add(Vocabulary.UnknownToken);
            return;
        }

        Span<char> key = stackalloc char[Vocabulary.ContinuationPrefix.Length + word.Length];
        Vocabulary.ContinuationPrefix.AsSpan().CopyTo(key);
        var firstPiece = output.Count;
        var start = 0;
        while (start < n)
        {
            // Pieces longer than the longest vocabulary entry cannot match: skip trying them.
            var end = n;
            var limit = Vocabulary.MaxTokenLength - (start > 0 ? Vocabulary.ContinuationPrefix.Length : 0);
            while (end > start && offsets[end] - offsets[start] > limit)
            {
                end--;
            }

            string? piece = null;
            while (end > start)
            {
                var slice = word.AsSpan(offsets[start], offsets[end] - offsets[start]);
                slice.CopyTo(key[Vocabulary.ContinuationPrefix.Length..]);
                var candidate = start > 0 ? key[..(Vocabulary.ContinuationPrefix.Length + slice.Length)] : slice;
                if (Vocabulary.TryGetId(candidate, out var id))
                {
                    piece = Vocabulary.TokenOf(id);
                    break;
                }

                end--;
            }

            if (piece is null)
            {
                output.RemoveRange(firstPiece, output.Count - firstPiece);
                output.Add(Vocabulary.UnknownToken);
                return;
            }

            output.Add(piece);
            start = end;
        }
    }

    private (int At, string? Special) FindSpecial(string text, int start)
    {
        for (var i = text.IndexOf('[', start); i >= 0; i = text.IndexOf('[', i + 1))
        {
            string? longest = null;
            foreach (var special in _specials)
            {
                if (string.CompareOrdinal(text, i, special, 0, special.Length) == 0 && special.Length > (longest?.Length ?? 0))
                {
                    longest = special;
                }
            }

            if (longest is not null)
            {
                return (i, longest);
            }
        }

        return (text.Length, null);
    }

    private int RequireSpecial(string token) =>
        Vocabulary.TryGetId(token, out var id)
            ? id
            : throw new ArgumentException($"The vocabulary ({Vocabulary.Count} tokens) has no {token} token, which BERT encoding needs.", "vocabulary");
}
