using System.Globalization;
using System.Reflection;

namespace SweepCluster.Training.Text.Unicode;

/// <summary>
/// The Unicode facts BERT's basic tokenizer reads, parsed from the embedded
/// <c>BertUnicodeData.txt</c> (generated from Python's <c>unicodedata</c> by
/// <c>generate_bert_unicode_data.py</c>). A frozen table rather than .NET's own Unicode support
/// because the build uses InvariantGlobalization (where <c>string.Normalize</c> does not decompose)
/// and because token ids must not move when the .NET runtime updates its Unicode version.
/// </summary>
internal sealed class BertUnicodeData
{
    private const string ResourceName = "SweepCluster.Training.Text.Unicode.BertUnicodeData.txt";
    private static readonly Lazy<BertUnicodeData> LazyInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private const int Bmp = 0x10000;

    private readonly Dictionary<int, byte> _combiningClass;
    private readonly Dictionary<int, int[]> _lower;
    private readonly Dictionary<int, int[]> _decomposition;

    // Basic Multilingual Plane lookups (where nearly all text lives); other planes use the sets.
    private readonly CharFlags[] _bmpFlags = new CharFlags[Bmp];
    private readonly byte[] _bmpCombiningClass = new byte[Bmp];

    private BertUnicodeData(
        Dictionary<string, CodePointSet> sets,
        Dictionary<int, byte> combiningClass,
        Dictionary<int, int[]> lower,
        Dictionary<int, int[]> decomposition,
        string header)
    {
        Removed = sets["removed"];
        Whitespace = sets["whitespace"];
        Punctuation = sets["punctuation"];
        SplitSpace = sets["split"];
        Nonspacing = sets["nonspacing"];
        Cased = sets["cased"];
        CaseIgnorable = sets["caseignorable"];
        _combiningClass = combiningClass;
        _lower = lower;
        _decomposition = decomposition;
        Header = header;
        (CodePointSet Set, CharFlags Flag)[] flagged =
        [
            (Removed, CharFlags.Removed), (Whitespace, CharFlags.Whitespace), (Punctuation, CharFlags.Punctuation),
            (SplitSpace, CharFlags.SplitSpace), (Nonspacing, CharFlags.Nonspacing), (Cased, CharFlags.Cased),
            (CaseIgnorable, CharFlags.CaseIgnorable),
        ];
        for (var cp = 0; cp < Bmp; cp++)
        {
            foreach (var (set, flag) in flagged)
            {
                if (set.Contains(cp))
                {
                    _bmpFlags[cp] |= flag;
                }
            }

            _bmpCombiningClass[cp] = combiningClass.GetValueOrDefault(cp);
        }
    }

    /// <summary>The parsed table (loaded once, thread-safe).</summary>
    public static BertUnicodeData Instance => LazyInstance.Value;

    /// <summary>First line of the data file: which Python and Unicode version produced it.</summary>
    public string Header { get; }

    /// <summary>Dropped by <c>_clean_text</c>: U+0000, U+FFFD and categories Cc/Cf except tab, LF, CR.</summary>
    public CodePointSet Removed { get; }

    /// <summary>Turned into a space by <c>_clean_text</c>: space, tab, LF, CR and category Zs.</summary>
    public CodePointSet Whitespace { get; }

    /// <summary><c>_is_punctuation</c>: ASCII 33–47, 58–64, 91–96, 123–126 and categories P*.</summary>
    public CodePointSet Punctuation { get; }

    /// <summary>What Python's <c>str.split()</c> splits on (<c>str.isspace()</c>).</summary>
    public CodePointSet SplitSpace { get; }

    /// <summary>Category Mn, removed when accents are stripped.</summary>
    public CodePointSet Nonspacing { get; }

    /// <summary>Cased and not case-ignorable, as Python's Final_Sigma rule reads it.</summary>
    public CodePointSet Cased { get; }

    /// <summary>Case-ignorable, as Python's Final_Sigma rule reads it.</summary>
    public CodePointSet CaseIgnorable { get; }

    /// <summary>Canonical combining class (0 for starters).</summary>
    public int CombiningClass(int codePoint) =>
        codePoint < Bmp ? _bmpCombiningClass[codePoint] : _combiningClass.GetValueOrDefault(codePoint);

    /// <summary>Whether the code point has <paramref name="flag"/> (one flag).</summary>
    public bool Is(int codePoint, CharFlags flag)
    {
        if (codePoint < Bmp)
        {
            return (_bmpFlags[codePoint] & flag) != 0;
        }

        var set = flag switch
        {
            CharFlags.Removed => Removed,
            CharFlags.Whitespace => Whitespace,
            CharFlags.Punctuation => Punctuation,
            CharFlags.SplitSpace => SplitSpace,
            CharFlags.Nonspacing => Nonspacing,
            CharFlags.Cased => Cased,
            CharFlags.CaseIgnorable => CaseIgnorable,
            _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Pass exactly one flag."),
        };
        return set.Contains(codePoint);
    }

    /// <summary>Python's <c>str.lower()</c> of one code point (full mapping), or null when unchanged.</summary>
    public int[]? Lower(int codePoint) => _lower.GetValueOrDefault(codePoint);

    /// <summary>Full canonical decomposition of one code point (Hangul excluded), or null when none.</summary>
    public int[]? Decomposition(int codePoint) => _decomposition.GetValueOrDefault(codePoint);

    private static BertUnicodeData Load()
    {
        using var stream = typeof(BertUnicodeData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    internal static BertUnicodeData Parse(TextReader reader)
    {
        var sets = new Dictionary<string, CodePointSet>(StringComparer.Ordinal);
        var combiningClass = new Dictionary<int, byte>();
        var lower = new Dictionary<int, int[]>();
        var decomposition = new Dictionary<int, int[]>();
        var header = string.Empty;
        var ranges = new List<(int, int)>();
        string? section = null;
        string? setName = null;
        void FlushSet()
        {
            if (setName is not null)
            {
                sets[setName] = new CodePointSet(ranges);
                ranges.Clear();
                setName = null;
            }
        }

        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.StartsWith('#'))
            {
                header = header.Length == 0 ? line.TrimStart('#', ' ') : header;
                continue;
            }

            if (line.StartsWith('@'))
            {
                FlushSet();
                var parts = line[1..].Split(' ');
                section = parts[0];
                setName = section == "set" ? parts[1] : null;
                continue;
            }

            var fields = line.Split(' ');
            switch (section)
            {
                case "set":
                    ranges.Add(ParseRange(fields[0]));
                    break;
                case "ccc":
                    var (start, end) = ParseRange(fields[0]);
                    var value = byte.Parse(fields[1], CultureInfo.InvariantCulture);
                    for (var cp = start; cp <= end; cp++)
                    {
                        combiningClass[cp] = value;
                    }

                    break;
                case "lower":
                    lower[Hex(fields[0])] = fields[1..].Select(Hex).ToArray();
                    break;
                case "nfd":
                    decomposition[Hex(fields[0])] = fields[1..].Select(Hex).ToArray();
                    break;
                default:
                    throw new InvalidDataException($"Unexpected line outside a section in {ResourceName}: {line}");
            }
        }

        FlushSet();
        return new BertUnicodeData(sets, combiningClass, lower, decomposition, header);
    }

    private static (int Start, int End) ParseRange(string text)
    {
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        return dots < 0 ? (Hex(text), Hex(text)) : (Hex(text[..dots]), Hex(text[(dots + 2)..]));
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
