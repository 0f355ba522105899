using System.Text;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Data.Synthetic;

/// <summary>Pronounceable made-up words built from two or three consonant–vowel(–consonant) syllables.</summary>
internal static class PseudoWords
{
    private static readonly string[] Onsets =
        ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "tr", "br", "pl", "gr"];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ea"];

    // Empty codas are listed several times so that open syllables are the most common.
    private static readonly string[] Codas = ["", "", "", "", "n", "r", "s", "l", "m"];

    /// <summary>Draws <paramref name="count"/> distinct words, none of them in <paramref name="excluded"/>.</summary>
    public static List<string> Draw(Rng rng, int count, IReadOnlySet<string> excluded)
    {
        var words = new List<string>(count);
        var seen = new HashSet<string>(excluded, StringComparer.Ordinal);
        var builder = new StringBuilder();
        while (words.Count < count)
        {
            builder.Clear();
            var syllables = 2 + rng.NextInt(2);
            for (var s = 0; s < syllables; s++)
            {
                builder.Append(Onsets[rng.NextInt(Onsets.Length)]);
                builder.Append(Vowels[rng.NextInt(Vowels.Length)]);
                builder.Append(Codas[rng.NextInt(Codas.Length)]);
            }

            var word = builder.ToString();
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return words;
    }
}
