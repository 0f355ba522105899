namespace SweepCluster.Training.Data.Synthetic;

/// <summary>
/// The words of a synthetic task and the rule that decides its (noise-free) labels.
/// </summary>
/// <remarks>
/// <para>The rule: split the text on spaces. Every cue word has a polarity, +1 for a positive cue
/// and −1 for a negative one. A cue is <i>negated</i> when a negator (<c>not</c>, <c>never</c>)
/// stands among the <see cref="NegationWindow"/> words right before it; a negated cue counts with
/// the opposite polarity (several negators do not cancel out). The score is the sum over all cues;
/// the label is <c>"1"</c> when it is positive and <c>"0"</c> when negative. Generated sentences hold
/// one or three cues, so the score is never zero.</para>
/// <para>A bag-of-words model cannot apply negation and a single-cue detector cannot weigh three
/// cues against each other, so a small encoder has something to learn; fillers carry no signal.</para>
/// </remarks>
public sealed class SyntheticLexicon
{
    /// <summary>Words within this many positions after a negator are negated.</summary>
    public const int NegationWindow = 3;

    private readonly HashSet<string> _positive;
    private readonly HashSet<string> _negative;

    /// <summary>Creates a lexicon; the word lists must be disjoint.</summary>
    public SyntheticLexicon(IReadOnlyList<string> fillers, IReadOnlyList<string> positiveCues, IReadOnlyList<string> negativeCues)
    {
        Fillers = fillers;
        PositiveCues = positiveCues;
        NegativeCues = negativeCues;
        _positive = new HashSet<string>(positiveCues, StringComparer.Ordinal);
        _negative = new HashSet<string>(negativeCues, StringComparer.Ordinal);
    }

    /// <summary>The negation words.</summary>
    public static IReadOnlyList<string> Negators { get; } = ["not", "never"];

    /// <summary>Words that carry no signal.</summary>
    public IReadOnlyList<string> Fillers { get; }

    /// <summary>Words that push the label towards 1.</summary>
    public IReadOnlyList<string> PositiveCues { get; }

    /// <summary>Words that push the label towards 0.</summary>
    public IReadOnlyList<string> NegativeCues { get; }

    /// <summary>The cue score of a text (see the rule on <see cref="SyntheticLexicon"/>).</summary>
    public int Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Score(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The noise-free label of a text: <c>"1"</c> when the score is positive, <c>"0"</c> when negative, null for zero.</summary>
    public string? DecideLabel(string text) => Score(text) switch
    {
        > 0 => "1",
        < 0 => "0",
        _ => null,
    };

    internal int Polarity(string word) => _positive.Contains(word) ? 1 : _negative.Contains(word) ? -1 : 0;

    internal int Score(IReadOnlyList<string> words)
    {
        var score = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var polarity = Polarity(words[i]);
            if (polarity == 0)
            {
                continue;
            }

            var negated = false;
            for (var j = Math.Max(0, i - NegationWindow); j < i; j++)
            {
                negated |= Negators.Contains(words[j]);
            }

            score += negated ? -polarity : polarity;
        }

        return score;
    }
}
