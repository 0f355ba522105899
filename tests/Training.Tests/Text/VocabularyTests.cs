using SweepCluster.Training.Tests.TestSupport;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

public class VocabularyTests
{
    [Fact]
    public void Load_VocabTxt_IdIsLineIndex()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("vocab.txt", "[PAD]\n[UNK]\nhello\n##lo\n");
        var vocabulary = Vocabulary.Load(path);
        Assert.Equal(4, vocabulary.Count);
        Assert.Equal(2, vocabulary.IdOf("hello"));
        Assert.Equal("##lo", vocabulary.TokenOf(3));
    }

    [Fact]
    public void Load_CrLfAndNoFinalNewline_TokensWithoutLineEnds()
    {
        using var dir = new TempDirectory();
        var vocabulary = Vocabulary.Load(dir.Write("vocab.txt", "[PAD]\r\nhello\r\nworld"));
        Assert.Equal(["[PAD]", "hello", "world"], vocabulary.Tokens);
    }

    [Fact]
    public void Load_DuplicateToken_LastLineWins()
    {
        using var dir = new TempDirectory();
        var vocabulary = Vocabulary.Load(dir.Write("vocab.txt", "a\nb\na\n"));
        Assert.Equal(3, vocabulary.Count);
        Assert.Equal(2, vocabulary.IdOf("a"));
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.PathOf("nope.txt");
        var error = Assert.Throws<FileNotFoundException>(() => Vocabulary.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_RoundTripsExactly()
    {
        using var dir = new TempDirectory();
        var original = new Vocabulary(["[PAD]", "h\u00e9", "##\u4e2d", "\U0001F600", ""]);
        var path = dir.PathOf("vocab.txt");
        original.Save(path);
        Assert.Equal("[PAD]\nh\u00e9\n##\u4e2d\n\U0001F600\n\n", File.ReadAllText(path));
        Assert.Equal(original.Tokens, Vocabulary.Load(path).Tokens);
    }

    [Fact]
    public void TryGetId_Span_FindsWithoutString()
    {
        var vocabulary = new Vocabulary(["x", "##ab"]);
        Assert.True(vocabulary.TryGetId("z##abz".AsSpan(1, 4), out var id));
        Assert.Equal(1, id);
        Assert.False(vocabulary.TryGetId("##a".AsSpan(), out _));
    }

    [Fact]
    public void Build_SmallCorpus_SpecialsCharactersContinuationsThenWords()
    {
        var vocabulary = Vocabulary.Build(["ab ab ba", "Ab c!"], maxSize: 100, uncased: true);
        // Characters by count: a 4, b 4, then "!" 1 and c 1 (ordinal order); words seen twice or more: ab (3).
        Assert.Equal(
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "!", "c", "##a", "##b", "##!", "##c", "ab"],
            vocabulary.Tokens);
    }

    [Fact]
    public void Build_MaxSizeTooSmallForAllCharacters_KeepsMostFrequent()
    {
        var vocabulary = Vocabulary.Build(["aaa bb c"], maxSize: 9, uncased: false);
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "##a", "##b"], vocabulary.Tokens);
    }

    [Fact]
    public void Build_ThenTokenize_EveryCorpusWordIsCoveredWithoutUnknown()
    {
        string[] corpus = ["the quick brown fox", "jumps over the lazy dog", "The dog sleeps."];
        var tokenizer = new WordPieceTokenizer(Vocabulary.Build(corpus, maxSize: 80, uncased: true), uncased: true);
        foreach (var text in corpus)
        {
            Assert.DoesNotContain("[UNK]", tokenizer.Tokenize(text));
        }

        Assert.Equal(["the", "dog"], tokenizer.Tokenize("The dog"));
        Assert.Equal(["f", "##o", "##x"], tokenizer.Tokenize("fox"));
    }

    [Fact]
    public void Build_SameCorpus_IsDeterministic()
    {
        string[] corpus = ["zeta alpha beta", "beta alpha", "gamma alpha"];
        Assert.Equal(
            Vocabulary.Build(corpus, 60, uncased: true).Tokens,
            Vocabulary.Build(corpus.ToList(), 60, uncased: true).Tokens);
    }
}
