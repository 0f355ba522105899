namespace SweepCluster.Training.Text.Unicode;

/// <summary>
/// The few Python string operations BERT's reference tokenizer uses, on code-point lists, with
/// Python's semantics: <c>str.lower()</c> (full case mapping, including U+0130 → "i̇" and the
/// Final_Sigma rule) and <c>unicodedata.normalize("NFD", …)</c>.
/// </summary>
internal static class PythonUnicode
{
    private const int CapitalSigma = 0x03A3;
    private const int SmallSigma = 0x03C3;
    private const int FinalSigma = 0x03C2;
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int JamoLBase = 0x1100;
    private const int JamoVBase = 0x1161;
    private const int JamoTBase = 0x11A7;
    private const int JamoTCount = 28;
    private const int JamoNCount = 588;

    /// <summary>Python's <c>str.lower()</c>.</summary>
    public static List<int> Lower(IReadOnlyList<int> text)
    {
        var data = BertUnicodeData.Instance;
        var output = new List<int>(text.Count);
        for (var i = 0; i < text.Count; i++)
        {
            var cp = text[i];
            if (cp == CapitalSigma)
            {
                output.Add(IsFinalSigma(text, i, data) ? FinalSigma : SmallSigma);
                continue;
            }

            if (data.Lower(cp) is { } mapped)
            {
                output.AddRange(mapped);
            }
            else
            {
                output.Add(cp);
            }
        }

        return output;
    }

    /// <summary>Canonical decomposition (NFD): full decomposition, then canonical ordering of marks.</summary>
    public static List<int> Nfd(IReadOnlyList<int> text)
    {
        var data = BertUnicodeData.Instance;
        var output = new List<int>(text.Count + 4);
        foreach (var cp in text)
        {
            var s = cp - HangulBase;
            if (s is >= 0 and < HangulCount)
            {
                output.Add(JamoLBase + (s / JamoNCount));
                output.Add(JamoVBase + (s % JamoNCount / JamoTCount));
                if (s % JamoTCount != 0)
                {
                    output.Add(JamoTBase + (s % JamoTCount));
                }
            }
            else if (data.Decomposition(cp) is { } decomposed)
            {
                output.AddRange(decomposed);
            }
            else
            {
                output.Add(cp);
            }
        }

        // Canonical ordering: a stable sort by combining class of every run of non-starters.
        for (var i = 1; i < output.Count; i++)
        {
            var cc = data.CombiningClass(output[i]);
            if (cc == 0)
            {
                continue;
            }

            var j = i;
            var cp = output[i];
            while (j > 0 && data.CombiningClass(output[j - 1]) > cc)
            {
                output[j] = output[j - 1];
                j--;
            }

            output[j] = cp;
        }

        return output;
    }

    // CPython's handle_capital_sigma: final when preceded by a cased letter and not followed by
    // one, skipping case-ignorable characters on both sides.
    private static bool IsFinalSigma(IReadOnlyList<int> text, int index, BertUnicodeData data)
    {
        var j = index - 1;
        while (j >= 0 && data.Is(text[j], CharFlags.CaseIgnorable))
        {
            j--;
        }

        if (j < 0 || !data.Is(text[j], CharFlags.Cased))
        {
            return false;
        }

        j = index + 1;
        while (j < text.Count && data.Is(text[j], CharFlags.CaseIgnorable))
        {
            j++;
        }

        return j == text.Count || !data.Is(text[j], CharFlags.Cased);
    }
}
