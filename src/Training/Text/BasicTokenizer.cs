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
    private readonly HashSet<string> _neverSplit;
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
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var data = BertUnicodeData.Instance;
        var cleaned = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            // Unpaired surrogates arrive as U+FFFD and are dropped with it, as invalid UTF-8 would be.
            var cp = rune.Value;
            if (data.Removed.Contains(cp))
            {
                continue;
            }

            if (data.Whitespace.Contains(cp))
            {
                cleaned.Add(' ');
            }
            else if (TokenizeChineseChars && IsChineseChar(cp))
            {
                cleaned.Add(' ');
                cleaned.Add(cp);
                cleaned.Add(' ');
            }
            else
            {
                cleaned.Add(cp);
            }
        }

        var output = new List<string>();
        foreach (var word in SplitOnSpace(cleaned, data))
        {
            var asString = ToText(word);
            if (_neverSplit.Contains(asString))
            {
                output.Add(asString);
                continue;
            }

            var normalized = word;
            if (Lowercase)
            {
                normalized = PythonUnicode.Lower(normalized);
            }

            if (_stripAccents)
            {
                normalized = PythonUnicode.Nfd(normalized);
                normalized.RemoveAll(data.Nonspacing.Contains);
            }

            foreach (var piece in SplitOnPunctuation(normalized, data))
            {
                // The reference re-splits the joined pieces on whitespace; do the same per piece.
                foreach (var token in SplitOnSpace(piece, data))
                {
                    output.Add(ToText(token));
                }
            }
        }

        return output;
    }

    private static List<List<int>> SplitOnSpace(List<int> text, BertUnicodeData data)
    {
        var words = new List<List<int>>();
        List<int>? current = null;
        foreach (var cp in text)
        {
            if (data.SplitSpace.Contains(cp))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                words.Add(current);
            }

            current.Add(cp);
        }

        return words;
    }

    private static List<List<int>> SplitOnPunctuation(List<int> word, BertUnicodeData data)
    {
        var pieces = new List<List<int>>();
        var startNew = true;
        foreach (var cp in word)
        {
            if (data.Punctuation.Contains(cp))
            {
                pieces.Add([cp]);
                startNew = true;
                continue;
            }

            if (startNew)
            {
                pieces.Add([]);
                startNew = false;
            }

            pieces[^1].Add(cp);
        }

        return pieces;
    }

    private static string ToText(List<int> codePoints)
    {
        var builder = new StringBuilder(codePoints.Count);
        Span<char> utf16 = stackalloc char[2];
        foreach (var cp in codePoints)
        {
            var written = new Rune(cp).EncodeToUtf16(utf16);
            builder.Append(utf16[..written]);
        }

        return builder.ToString();
    }
}
