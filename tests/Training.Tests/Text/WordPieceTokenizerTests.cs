using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

public class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Uncased = new(TestVocabulary.Create(), uncased: true);
    private static readonly WordPieceTokenizer Cased = new(TestVocabulary.Create(), uncased: false);

    [Fact]
    public void Tokenize_Unaffable_GreedyLongestMatchFirst()
    {
        Assert.Equal(["un", "##aff", "##able"], Uncased.Tokenize("unaffable"));
        Assert.Equal([5, 6, 7], Uncased.TokenizeToIds("unaffable"));
    }

    [Fact]
    public void Tokenize_UnmatchableRest_WholeWordBecomesSingleUnknown()
    {
        // "un" and "##aff" match, "xble" cannot: the pieces already found are dropped too.
        Assert.Equal(["hello", "[UNK]", "world"], Uncased.Tokenize("hello unaffxble world"));
    }

    [Fact]
    public void Tokenize_WordOfHundredAndOneCharacters_BecomesUnknown()
    {
        Assert.Equal(["[UNK]"], Uncased.Tokenize(new string('a', 101)));
        var hundred = Uncased.Tokenize(new string('a', 100));
        Assert.Equal(100, hundred.Count);
        Assert.Equal("a", hundred[0]);
        Assert.All(hundred.Skip(1), t => Assert.Equal("##a", t));
    }

    [Fact]
    public void Tokenize_LengthLimit_CountsCodePointsNotUtf16Units()
    {
        var vocabulary = new Vocabulary([.. Vocabulary.SpecialTokens, "\U0001F600", "##\U0001F600"]);
        var tokenizer = new WordPieceTokenizer(vocabulary, uncased: false);
        var hundredEmoji = string.Concat(Enumerable.Repeat("\U0001F600", 100));
        Assert.Equal(100, tokenizer.Tokenize(hundredEmoji).Count);
        Assert.Equal(["[UNK]"], tokenizer.Tokenize(hundredEmoji + "\U0001F600"));
    }

    [Fact]
    public void Tokenize_Accents_UncasedMatchesPlainCasedMatchesAccented()
    {
        Assert.Equal(["hello"], Uncased.Tokenize("H\u00e9llo"));
        Assert.Equal(["H\u00e9llo"], Cased.Tokenize("H\u00e9llo"));
        // Cased: no normalization, so a decomposed "á" only matches the decomposed vocabulary entry.
        Assert.Equal(["a\u0301"], Cased.Tokenize("a\u0301"));
        Assert.Equal(["[UNK]"], Cased.Tokenize("\u00e1"));
    }

    [Fact]
    public void Tokenize_PunctuationAndCjk_SplitBeforeWordPiece()
    {
        Assert.Equal(["don", "'", "t", "!"], Uncased.Tokenize("Don't!"));
        Assert.Equal(["\u4e2d", "\u6587", "ok"], Uncased.Tokenize("\u4e2d\u6587OK"));
    }

    [Fact]
    public void Tokenize_SpecialTokensInsideText_AreRecognizedExactly()
    {
        Assert.Equal(["hello", "[SEP]", "world"], Uncased.Tokenize("hello[SEP]world"));
        Assert.Equal(["[CLS]", "hello", "[MASK]"], Uncased.Tokenize("[CLS] Hello [MASK]"));
        Assert.Equal(["[", "cls", "]"], Uncased.Tokenize("[cls]"));
    }

    [Fact]
    public void Tokenize_ControlCharacters_Removed()
    {
        Assert.Equal(["hello", "world"], Uncased.Tokenize("hel\u0000lo\u200b wor\u0007ld"));
    }

    [Fact]
    public void TokenizeToIds_OutOfVocabularyPunctuation_MapsToUnknownId()
    {
        Assert.Equal([8, 1], Uncased.TokenizeToIds("hello ?"));
    }

    [Fact]
    public void Constructor_VocabularyWithoutPad_ThrowsNamingTheToken()
    {
        var error = Assert.Throws<ArgumentException>(() => new WordPieceTokenizer(new Vocabulary(["[UNK]", "[CLS]", "[SEP]", "a"]), uncased: true));
        Assert.Contains("[PAD]", error.Message, StringComparison.Ordinal);
    }
}
