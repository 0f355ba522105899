using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

// Expected tokens were worked out by hand and checked against Python 3.11 running the algorithm of
// Google BERT's tokenization.py (str.lower, unicodedata NFD, category Mn).
public class BasicTokenizerTests
{
    private static readonly BasicTokenizer Uncased = new(lowercase: true, Vocabulary.SpecialTokens);
    private static readonly BasicTokenizer Cased = new(lowercase: false, Vocabulary.SpecialTokens);

    [Fact]
    public void Tokenize_UncasedAccents_LowercasesAndStripsAccents()
    {
        Assert.Equal(["hello"], Uncased.Tokenize("H\u00e9llo"));
        Assert.Equal(["creme", "brulee"], Uncased.Tokenize("Cr\u00e8me Br\u00fbl\u00e9e"));
    }

    [Fact]
    public void Tokenize_Cased_KeepsCaseAndAccents()
    {
        Assert.Equal(["H\u00e9llo"], Cased.Tokenize("H\u00e9llo"));
        Assert.Equal(["Cr\u00e8me", "Br\u00fbl\u00e9e"], Cased.Tokenize("Cr\u00e8me Br\u00fbl\u00e9e"));
    }

    [Fact]
    public void Tokenize_Punctuation_SplitsEveryMark()
    {
        Assert.Equal(["don", "'", "t", "!"], Uncased.Tokenize("don't!"));
        // ASCII symbols that are not Unicode punctuation count too ($, ^, `), and so does Unicode P* (¿, —).
        Assert.Equal(["$", "5", "^", "`", "\u00bf", "x", "\u2014", "y"], Cased.Tokenize("$5^` \u00bfx\u2014y"));
    }

    [Fact]
    public void Tokenize_CjkIdeographs_BecomeSeparateTokens()
    {
        Assert.Equal(["\u4e2d", "\u6587", "ok"], Uncased.Tokenize("\u4e2d\u6587ok"));
        // Extension B (outside the BMP) is CJK too; Hiragana is not.
        Assert.Equal(["a", "\U00020000", "\u3042\u3044"], Cased.Tokenize("a\U00020000\u3042\u3044"));
    }

    [Fact]
    public void Tokenize_ControlCharacters_AreRemovedWithoutSplitting()
    {
        // NUL, BEL, zero-width space (Cf), U+FFFD and form feed (Cc, not BERT whitespace) vanish.
        Assert.Equal(["hello", "world"], Cased.Tokenize("he\u0000llo\u200b\twor\u0007l\ufffdd"));
        Assert.Equal(["ab"], Cased.Tokenize("a\u000cb"));
    }

    [Fact]
    public void Tokenize_UnicodeSpaces_Split()
    {
        // No-break space is Zs (becomes a space); U+2028 is kept by cleaning but Python's split() splits on it.
        Assert.Equal(["ab", "x", "y", "z", "w"], Cased.Tokenize("a\u000cb x\u2028y z\u00a0w"));
        Assert.Empty(Cased.Tokenize(" \t\r\n\u3000 "));
    }

    [Fact]
    public void Tokenize_SpecialTokens_AreNeverSplitOrLowercased()
    {
        Assert.Equal(["[", "cls", "]", "[", "cls", "]", "x", "[CLS]"], Uncased.Tokenize("[cls] [CLS]x [CLS]"));
        Assert.Equal(["[MASK]", "[", "CLS", "]", "x"], Cased.Tokenize("[MASK] [CLS]x"));
    }

    [Fact]
    public void Tokenize_GreekSigma_FollowsPythonFinalSigmaRule()
    {
        Assert.Equal(["\u03bf\u03b4\u03bf\u03c2", "\u03b1\u03c2", ".", "\u03c3"], Uncased.Tokenize("\u039f\u0394\u039f\u03a3 \u0391\u03a3. \u03a3"));
        // The apostrophe is case-ignorable: the middle sigma is followed by a cased letter, the last one is final.
        Assert.Equal(["\u03c3\u03b1\u03c3", "'", "\u03c2"], Uncased.Tokenize("\u03a3\u0391\u03a3'\u03a3"));
    }

    [Fact]
    public void Tokenize_DottedCapitalI_LowercasesToPlainI()
    {
        // Python: "İ".lower() == "i̇", and stripping the combining dot leaves "i".
        Assert.Equal(["istanbul"], Uncased.Tokenize("\u0130stanbul"));
        Assert.Equal(["\u0130stanbul"], Cased.Tokenize("\u0130stanbul"));
    }

    [Fact]
    public void Tokenize_HangulUncased_DecomposesIntoJamo()
    {
        // NFD splits syllables into conjoining jamo (category Lo, so they survive accent stripping).
        Assert.Equal(["\u1112\u1161\u11ab\u1100\u116e\u11a8\u110b\u1165"], Uncased.Tokenize("\ud55c\uad6d\uc5b4"));
        Assert.Equal(["\ud55c\uad6d\uc5b4"], Cased.Tokenize("\ud55c\uad6d\uc5b4"));
    }

    [Fact]
    public void Tokenize_StripAccentsOverride_AppliesWithoutLowercasing()
    {
        var tokenizer = new BasicTokenizer(lowercase: false, stripAccents: true);
        Assert.Equal(["Creme"], tokenizer.Tokenize("Cr\u00e8me"));
    }

    [Fact]
    public void Tokenize_ChineseCharsDisabled_KeepsIdeographsTogether()
    {
        var tokenizer = new BasicTokenizer(lowercase: false, tokenizeChineseChars: false);
        Assert.Equal(["\u4e2d\u6587ok"], tokenizer.Tokenize("\u4e2d\u6587ok"));
    }

    [Fact]
    public void Tokenize_UnpairedSurrogate_IsDroppedLikeReplacementCharacter()
    {
        Assert.Equal(["ab"], Cased.Tokenize("a\ud800b"));
    }

    [Theory]
    [InlineData(0x4E00, true)]
    [InlineData(0x9FFF, true)]
    [InlineData(0x3400, true)]
    [InlineData(0x4DBF, true)]
    [InlineData(0x2CEAF, true)]
    [InlineData(0xF900, true)]
    [InlineData(0x2FA1F, true)]
    [InlineData(0x4DC0, false)]
    [InlineData(0x3042, false)]
    [InlineData(0xAC00, false)]
    [InlineData(0x2B81F, true)]
    [InlineData(0x2CEB0, false)]
    public void IsChineseChar_RangeEdges_MatchBert(int codePoint, bool expected)
    {
        Assert.Equal(expected, BasicTokenizer.IsChineseChar(codePoint));
    }
}
