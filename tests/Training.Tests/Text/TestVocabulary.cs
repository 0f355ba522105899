using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

/// <summary>The small hand-written vocabulary the tokenizer tests work against.</summary>
internal static class TestVocabulary
{
    // Ids are the positions: [PAD]=0 … [MASK]=4, un=5, ##aff=6, ##able=7, …
    public static readonly string[] Tokens =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "un", "##aff", "##able", "hello", "world",
        "!", "'", "don", "t", "the",
        "cat", "sat", "on", "mat", "\u4e2d",
        "\u6587", "ok", "H\u00e9llo", "a", "##a",
        "[", "]", "cls", ".", "a\u0301",
    ];

    public static Vocabulary Create() => new(Tokens);
}
