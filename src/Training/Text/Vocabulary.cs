using System.Text;

namespace SweepCluster.Training.Text;

/// <summary>
/// A WordPiece vocabulary in BERT's <c>vocab.txt</c> form: one token per line, id = 0-based line
/// index. Continuation pieces carry the <c>##</c> prefix.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Padding token.</summary>
    public const string PadToken = "[PAD]";

    /// <summary>Unknown-word token.</summary>
    public const string UnknownToken = "[UNK]";

    /// <summary>Classification token, first of every encoded sequence.</summary>
    public const string ClsToken = "[CLS]";

    /// <summary>Separator token, after each segment.</summary>
    public const string SepToken = "[SEP]";

    /// <summary>Mask token (masked language modelling; unused by fine-tuning).</summary>
    public const string MaskToken = "[MASK]";

    /// <summary>Prefix of word pieces that continue a word.</summary>
    public const string ContinuationPrefix = "##";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;

    /// <summary>
    /// Creates a vocabulary whose ids are the positions in <paramref name="tokens"/>. A token
    /// listed twice maps to its last position, as BERT's and Hugging Face's <c>load_vocab</c> do.
    /// </summary>
    public Vocabulary(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = [.. tokens];
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Length; i++)
        {
            _ids[_tokens[i] ?? throw new ArgumentException($"Token {i} is null.", nameof(tokens))] = i;
        }

        _spanIds = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxTokenLength = _tokens.Length == 0 ? 0 : _tokens.Max(t => t.Length);
    }

    /// <summary>The special tokens in the order <see cref="Build"/> gives them ids 0–4.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = [PadToken, UnknownToken, ClsToken, SepToken, MaskToken];

    /// <summary>Number of ids (lines).</summary>
    public int Count => _tokens.Length;

    /// <summary>Length of the longest token in UTF-16 units (WordPiece never tries longer pieces).</summary>
    public int MaxTokenLength { get; }

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Whether the token is in the vocabulary.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>Looks a token up.</summary>
    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    /// <summary>Looks a token up without allocating a string.</summary>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _spanIds.TryGetValue(token, out id);

    /// <summary>The id of a token that must be present (e.g. a special token).</summary>
    /// <exception cref="KeyNotFoundException">The token is not in the vocabulary.</exception>
    public int IdOf(string token) =>
        _ids.TryGetValue(token, out var id)
            ? id
            : throw new KeyNotFoundException($"The vocabulary ({Count} tokens) has no '{token}' token.");

    /// <summary>The token with this id.</summary>
    public string TokenOf(int id) => _tokens[id];

    /// <summary>
    /// Reads a <c>vocab.txt</c>. Lines end with LF; a CR before it is dropped as well (files
    /// edited on Windows), every other character is part of the token. A final newline does not
    /// start an extra token.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public static Vocabulary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Vocabulary file not found: {path}", path);
        }

        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        var count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0)
        {
            throw new InvalidDataException($"Vocabulary file {path} is empty.");
        }

        var tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
        }

        return new Vocabulary(tokens);
    }

    /// <summary>Writes the vocabulary as <c>vocab.txt</c> (UTF-8 without BOM, one token and LF per id).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = new StringBuilder();
        foreach (var token in _tokens)
        {
            if (token.Contains('\n') || token.EndsWith('\r'))
            {
                throw new InvalidOperationException($"Token '{token.ReplaceLineEndings("\\n")}' cannot be written to a vocab.txt line.");
            }

            builder.Append(token).Append('\n');
        }

        File.WriteAllText(path, builder.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>
    /// Builds a small vocabulary for training from scratch (synthetic tasks, demos) that makes
    /// WordPiece well defined on the corpus. Deterministic: the same texts give the same file.
    /// </summary>
    /// <remarks>
    /// Layout: ids 0–4 are <see cref="SpecialTokens"/>; then every character seen in the basic
    /// tokens (as a word start), then the same characters with <c>##</c> (as continuations); then
    /// whole words seen at least twice. Characters and words are ordered by descending count, ties
    /// by ordinal string order. When <paramref name="maxSize"/> is too small for all characters,
    /// the most frequent <c>(maxSize − 5) / 2</c> are kept (words with the others become [UNK]).
    /// Words fill what is left. Texts go through the same <see cref="BasicTokenizer"/> as encoding.
    /// </remarks>
    public static Vocabulary Build(IEnumerable<string> texts, int maxSize, bool uncased)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, SpecialTokens.Count + 2);
        var basic = new BasicTokenizer(uncased, SpecialTokens);
        var words = new Dictionary<string, long>(StringComparer.Ordinal);
        var characters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var word in basic.Tokenize(text))
            {
                if (SpecialTokens.Contains(word))
                {
                    continue;
                }

                words[word] = words.GetValueOrDefault(word) + 1;
                foreach (var rune in word.EnumerateRunes())
                {
                    var ch = rune.ToString();
                    characters[ch] = characters.GetValueOrDefault(ch) + 1;
                }
            }
        }

        var tokens = new List<string>(SpecialTokens);
        var keptCharacters = ByCount(characters).Take((maxSize - SpecialTokens.Count) / 2).ToList();
        tokens.AddRange(keptCharacters);
        tokens.AddRange(keptCharacters.Select(c => ContinuationPrefix + c));
        var present = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var word in ByCount(words.Where(w => w.Value >= 2)))
        {
            if (tokens.Count >= maxSize)
            {
                break;
            }

            if (present.Add(word))
            {
                tokens.Add(word);
            }
        }

        return new Vocabulary(tokens);
    }

    private static IEnumerable<string> ByCount(IEnumerable<KeyValuePair<string, long>> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key);
}
