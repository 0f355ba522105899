using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

public class WordPieceTokenizerEncodingTests
{
    private static readonly WordPieceTokenizer Tokenizer = new(TestVocabulary.Create(), uncased: true);

    [Fact]
    public void Encode_Pair_SegmentIdsPaddingAndMaskExact()
    {
        var encoded = Tokenizer.Encode("Hello world", "the cat", 10);
        // [CLS] hello world [SEP] the cat [SEP] [PAD] [PAD] [PAD]
        Assert.Equal([2, 8, 9, 3, 14, 15, 3, 0, 0, 0], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 0, 0, 0], encoded.TokenTypeIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 0, 0, 0], encoded.AttentionMask);
        Assert.Equal(7, encoded.TokenCount);
    }

    [Fact]
    public void Encode_Single_ClsTextSepThenPadding()
    {
        var encoded = Tokenizer.Encode("unaffable!", null, 8);
        Assert.Equal([2, 5, 6, 7, 10, 3, 0, 0], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0], encoded.TokenTypeIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0, 0], encoded.AttentionMask);
    }

    [Fact]
    public void Encode_PairLongerThanMax_TruncatesLongestFirst()
    {
        // a = the cat sat on mat (5), b = hello world ! (3); budget 9 − 3 = 6:
        // a 5>3 → 4, a 4>3 → 3; total 6. Result: the cat sat | hello world !
        var encoded = Tokenizer.Encode("the cat sat on mat", "hello world!", 9);
        Assert.Equal([2, 14, 15, 16, 3, 8, 9, 10, 3], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], encoded.TokenTypeIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1], encoded.AttentionMask);
    }

    [Fact]
    public void Encode_PairTie_TruncatesSecondFirst()
    {
        // a = the cat sat on (4), b = hello world ! . (4); budget 8 − 3 = 5:
        // tie → b 3; a 4>3 → a 3; tie → b 2. Result: the cat sat | hello world
        var encoded = Tokenizer.Encode("the cat sat on", "hello world ! .", 8);
        Assert.Equal([2, 14, 15, 16, 3, 8, 9, 3], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], encoded.TokenTypeIds);
    }

    [Fact]
    public void Encode_SingleLongerThanMax_KeepsTheStart()
    {
        var encoded = Tokenizer.Encode("the cat sat on mat", null, 5);
        Assert.Equal([2, 14, 15, 16, 3], encoded.InputIds);
    }

    [Fact]
    public void Encode_MaxLengthTooSmallForSpecials_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Encode("hello", "world", 2));
        Assert.Equal([2, 3, 3], Tokenizer.Encode("hello", "world", 3).InputIds);
    }

    [Theory]
    [InlineData(5, 3, 6, 3, 3)]
    [InlineData(4, 4, 5, 3, 2)]
    [InlineData(2, 9, 6, 2, 4)]
    [InlineData(3, 3, 6, 3, 3)]
    [InlineData(7, 0, 2, 2, 0)]
    public void TruncateLongestFirst_RemovesFromLongerTiesFromSecond(int first, int second, int budget, int expectedFirst, int expectedSecond)
    {
        var a = Enumerable.Range(100, first).ToList();
        var b = Enumerable.Range(200, second).ToList();
        WordPieceTokenizer.TruncateLongestFirst(a, b, budget);
        Assert.Equal(Enumerable.Range(100, expectedFirst), a);
        Assert.Equal(Enumerable.Range(200, expectedSecond), b);
    }

    [Fact]
    public void Encode_EarlyStoppedTokenization_SameAsTokenizingEverythingThenTruncating()
    {
        string[] texts = ["", "hello", "the cat sat on mat", "unaffable don't! the [SEP] cat", "hello world ! . the cat sat on the mat hello world"];
        foreach (var a in texts)
        {
            foreach (var b in texts)
            {
                for (var maxLength = 3; maxLength <= 16; maxLength++)
                {
                    var first = Tokenizer.TokenizeToIds(a);
                    var second = Tokenizer.TokenizeToIds(b);
                    WordPieceTokenizer.TruncateLongestFirst(first, second, maxLength - 3);
                    int[] expected = [2, .. first, 3, .. second, 3, .. Enumerable.Repeat(0, maxLength - 3 - first.Count - second.Count)];
                    Assert.Equal(expected, Tokenizer.Encode(a, b, maxLength).InputIds);
                }
            }
        }
    }

    [Fact]
    public void Tokenize_MaxTokens_IsPrefixOfFullResult()
    {
        const string text = "unaffable don't! [SEP] the cat \u4e2d\u6587 sat";
        var full = Tokenizer.Tokenize(text);
        for (var max = 0; max <= full.Count + 1; max++)
        {
            Assert.Equal(full.Take(max), Tokenizer.Tokenize(text, max));
        }
    }
}
