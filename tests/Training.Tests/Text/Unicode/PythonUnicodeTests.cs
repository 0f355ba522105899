using SweepCluster.Training.Text.Unicode;

namespace SweepCluster.Training.Tests.Text.Unicode;

// Expected values from Python 3.11 (unicodedata 14.0.0): unicodedata.normalize("NFD", s), s.lower().
public class PythonUnicodeTests
{
    [Theory]
    [InlineData("\u00e9", new[] { 0x65, 0x301 })]
    [InlineData("a\u0301\u0323", new[] { 0x61, 0x323, 0x301 })]
    [InlineData("\u212b", new[] { 0x41, 0x30A })]
    [InlineData("\u1e69", new[] { 0x73, 0x323, 0x307 })]
    [InlineData("\uac01", new[] { 0x1100, 0x1161, 0x11A8 })]
    [InlineData("\uac00", new[] { 0x1100, 0x1161 })]
    [InlineData("\u0344", new[] { 0x308, 0x301 })]
    [InlineData("abc", new[] { 0x61, 0x62, 0x63 })]
    public void Nfd_MatchesPython(string text, int[] expected)
    {
        Assert.Equal(expected, PythonUnicode.Nfd(CodePoints(text)));
    }

    [Theory]
    [InlineData("\u0130", new[] { 0x69, 0x307 })]
    [InlineData("\u01c5", new[] { 0x1C6 })]
    [InlineData("\u03a3", new[] { 0x3C3 })]
    [InlineData("\u0391\u03a3", new[] { 0x3B1, 0x3C2 })]
    [InlineData("\u0391\u03a3\u0391", new[] { 0x3B1, 0x3C3, 0x3B1 })]
    [InlineData("\u0391\u03a3.", new[] { 0x3B1, 0x3C2, 0x2E })]
    [InlineData("\u0391\u03a3'\u0391", new[] { 0x3B1, 0x3C3, 0x27, 0x3B1 })]
    [InlineData("\U00010400", new[] { 0x10428 })]
    [InlineData("\u1e9e", new[] { 0xDF })]
    public void Lower_MatchesPython(string text, int[] expected)
    {
        Assert.Equal(expected, PythonUnicode.Lower(CodePoints(text)));
    }

    [Fact]
    public void Data_IsUnicode14FromPython()
    {
        Assert.Contains("Unicode 14.0.0", BertUnicodeData.Instance.Header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00, true)]
    [InlineData(0x09, false)]
    [InlineData(0x0C, true)]
    [InlineData(0x200B, true)]
    [InlineData(0xFEFF, true)]
    [InlineData(0xE0041, true)]
    [InlineData(0x41, false)]
    public void Removed_ControlsButNotTabNewlineReturn(int codePoint, bool expected)
    {
        Assert.Equal(expected, BertUnicodeData.Instance.Removed.Contains(codePoint));
    }

    [Theory]
    [InlineData('!', true)]
    [InlineData('/', true)]
    [InlineData('0', false)]
    [InlineData('@', true)]
    [InlineData('^', true)]
    [InlineData('~', true)]
    [InlineData('\u00bf', true)]
    [InlineData('\u3002', true)]
    [InlineData('\u00a7', true)]
    [InlineData('+', true)]
    [InlineData('\u00d7', false)]
    public void Punctuation_AsciiSymbolsAndCategoryP(char c, bool expected)
    {
        Assert.Equal(expected, BertUnicodeData.Instance.Punctuation.Contains(c));
    }

    private static List<int> CodePoints(string text) => [.. text.EnumerateRunes().Select(r => r.Value)];
}
