using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using SweepCluster.Training.Text.Unicode;

namespace SweepCluster.Training.Text;

/// <summary>
/// BERT's basic tokenizer (Google <c>tokenization.py</c> / Hugging Face <c>BasicTokenizer</c>),
/// step for step: drop NUL, U+FFFD and control characters and turn whitespace into spaces; put
/// spaces around CJK ideographs; split on whitespace; when lower-casing, apply Python's
/// <c>str.lower()</c> and strip accents (NFD, then drop category Mn); split on punctuation.
/// Tokens listed as never-split (the special tokens) pass through untouched.
/// </summary>
/// <remarks>
/// Unicode properties come from a table frozen at Unicode 14.0 (Python 3.11), see
/// <c>Unicode/generate_bert_unicode_data.py</c>. Like Google BERT and Hugging Face's fast
/// tokenizer, the text is not NFC-composed first (recent versions of the slow Python
/// <c>BasicTokenizer</c> do that; it changes results only for decomposed input to cased vocabularies).
/// </remarks>
public sealed class BasicTokenizer
{
    // Single-character strings for ASCII, so punctuation tokens do not allocate.
    private static readonly string[] AsciiStrings = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    private readonly HashSet<string> _neverSplit;
    private readonly int _longestNeverSplit;
    private readonly HashSet<int> _neverSplitStarts;
    private readonly bool _stripAccents;

    /// <summary>Creates a basic tokenizer.</summary>
    /// <param name="lowercase">Lower-case (and, unless <paramref name="stripAccents"/> says otherwise, strip accents).</param>
    /// <param name="neverSplit">Tokens kept whole and unchanged, e.g. <c>[CLS]</c>.</param>
    /// <param name="stripAccents">Strip accents; null (default) follows <paramref name="lowercase"/> as in original BERT.</param>
    /// <param name="tokenizeChineseChars">Put spaces around CJK ideographs (default true).</param>
    public BasicTokenizer(bool lowercase, IEnumerable<string>? neverSplit = null, bool? stripAccents = null, bool tokenizeChineseChars = true)
    {
        Lowercase = lowercase;
        _stripAccents = stripAccents ?? lowercase;
        TokenizeChineseChars = tokenizeChineseChars;
        _neverSplit = new HashSet<string>(neverSplit ?? [], StringComparer.Ordinal);
        _longestNeverSplit = _neverSplit.Count == 0 ? 0 : _neverSplit.Max(t => t.Length);
        _neverSplitStarts = [.. _neverSplit.Where(t => t.Length > 0).Select(t => t.EnumerateRunes().First().Value)];
    }

    /// <summary>Whether tokens are lower-cased.</summary>
    public bool Lowercase { get; }

    /// <summary>Whether CJK ideographs become separate tokens.</summary>
    public bool TokenizeChineseChars { get; }

    /// <summary>
    /// True for the code points BERT's <c>_is_chinese_char</c> treats as CJK ideographs: the CJK
    /// Unified Ideographs block and extensions A–E, and the two compatibility ideograph blocks.
    /// (Hangul, Hiragana and Katakana are not included: they are written with spaces.)
    /// </summary>
    public static bool IsChineseChar(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF)
            or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F)
            or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>Splits <paramref name="text"/> into basic tokens.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">
    /// Stop once at least this many tokens are out (the result then starts with exactly the
    /// tokens of the full result); callers that truncate anyway save the work on long texts.
    /// </param>
    public List<string> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var data = BertUnicodeData.Instance;
        // Cleaning never grows the text by more than 3× (a space on each side of a CJK ideograph).
        var cleaned = ArrayPool<int>.Shared.Rent((3 * text.Length) + 1);
        var output = new List<string>();
        try
        {
            var length = Clean(text, cleaned, data);
            var word = 0;
            while (word < length && output.Count < maxTokens)
            {
                if (data.Is(cleaned[word], CharFlags.SplitSpace))
                {
                    word++;
                    continue;
                }

                var end = word;
                while (end < length && !data.Is(cleaned[end], CharFlags.SplitSpace))
                {
                    end++;
                }

                AddWord(cleaned.AsSpan(word, end - word), output, data);
                word = end;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cleaned);
        }

        return output;
    }

    // _clean_text and _tokenize_chinese_chars; returns the cleaned length.
    private int Clean(string text, int[] cleaned, BertUnicodeData data)
    {
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            // Unpaired surrogates arrive as U+FFFD and are dropped with it, as invalid UTF-8 would be.
            var cp = rune.Value;
            if (data.Is(cp, CharFlags.Removed))
            {
                continue;
            }

            if (data.Is(cp, CharFlags.Whitespace))
            {
                cleaned[length++] = ' ';
            }
            else if (TokenizeChineseChars && IsChineseChar(cp))
            {
                cleaned[length++] = ' ';
                cleaned[length++] = cp;
                cleaned[length++] = ' ';
            }
            else
            {
                cleaned[length++] = cp;
            }
        }

        return length;
    }

    private void AddWord(ReadOnlySpan<int> word, List<string> output, BertUnicodeData data)
    {
        if (word.Length <= _longestNeverSplit && _neverSplitStarts.Contains(word[0]))
        {
            var asText = ToText(word);
            if (_neverSplit.Contains(asText))
            {
                output.Add(asText);
                return;
            }
        }

        if (!Lowercase && !_stripAccents)
        {
            AddPieces(word, output, data);
            return;
        }

        var ascii = true;
        foreach (var cp in word)
        {
            ascii &= cp < 0x80;
        }

        if (ascii)
        {
            // ASCII has no decompositions and no marks: lower-casing is all that can change.
            Span<int> lowered = word.Length <= 256 ? stackalloc int[word.Length] : new int[word.Length];
            for (var i = 0; i < word.Length; i++)
            {
                lowered[i] = Lowercase && word[i] is >= 'A' and <= 'Z' ? word[i] | 0x20 : word[i];
            }

            AddPieces(lowered, output, data);
            return;
        }

        List<int> normalized = [.. word];
        if (Lowercase)
        {
            normalized = PythonUnicode.Lower(normalized);
        }

        if (_stripAccents)
        {
            normalized = PythonUnicode.Nfd(normalized);
            normalized.RemoveAll(cp => data.Is(cp, CharFlags.Nonspacing));
        }

        AddPieces(CollectionsMarshal.AsSpan(normalized), output, data);
    }

    // _run_split_on_punc, then the reference's final whitespace split (normalization could, in
    // principle, produce whitespace, so split-space characters also end a piece).
    private static void AddPieces(ReadOnlySpan<int> word, List<string> output, BertUnicodeData data)
    {
        var start = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var cp = word[i];
            var split = data.Is(cp, CharFlags.SplitSpace);
            if (!split && !data.Is(cp, CharFlags.Punctuation))
            {
                continue;
            }

            if (i > start)
            {
                output.Add(ToText(word[start..i]));
            }

            if (!split)
            {
                output.Add(cp < AsciiStrings.Length ? AsciiStrings[cp] : ToText(word.Slice(i, 1)));
            }

            start = i + 1;
        }

        if (word.Length > start)
        {
            output.Add(ToText(word[start..]));
        }
    }

    private static string ToText(ReadOnlySpan<int> codePoints)
    {
        var chars = codePoints.Length <= 256 ? stackalloc char[2 * codePoints.Length] : new char[2 * codePoints.Length];
        var length = 0;
        foreach (var cp in codePoints)
        {
            length += new Rune(cp).EncodeToUtf16(chars[length..]);
        }

        return new string(chars[..length]);
    }
}
