namespace SweepCluster.Training.Text.Unicode;

/// <summary>Per-code-point properties of <see cref="BertUnicodeData"/>, packed for O(1) lookup in the BMP.</summary>
[Flags]
internal enum CharFlags : byte
{
    None = 0,
    Removed = 1,
    Whitespace = 2,
    Punctuation = 4,
    SplitSpace = 8,
    Nonspacing = 16,
    Cased = 32,
    CaseIgnorable = 64,
}
