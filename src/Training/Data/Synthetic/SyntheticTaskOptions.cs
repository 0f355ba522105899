namespace SweepCluster.Training.Data.Synthetic;

/// <summary>Settings of <see cref="SyntheticTaskGenerator"/>. The positional ones mirror the experiment spec.</summary>
/// <param name="TrainExamples">Training examples (default 2000).</param>
/// <param name="ValidationExamples">Validation examples (default 500).</param>
/// <param name="VocabularySize">Distinct filler words (default 500).</param>
/// <param name="LabelNoise">Probability that an example's label is flipped, in [0, 0.5) (default 0.05).</param>
/// <param name="Seed">Generator seed (default 0).</param>
public sealed record SyntheticTaskOptions(
    int TrainExamples = 2000,
    int ValidationExamples = 500,
    int VocabularySize = 500,
    double LabelNoise = 0.05,
    int Seed = 0)
{
    /// <summary>Cue words of each polarity (default 12).</summary>
    public int CueWordsPerPolarity { get; init; } = 12;

    /// <summary>Shortest sentence in words (default 6, at least 6).</summary>
    public int MinWords { get; init; } = 6;

    /// <summary>Longest sentence in words (default 20).</summary>
    public int MaxWords { get; init; } = 20;

    /// <summary>Probability that a cue is placed right after a negator (default 0.3).</summary>
    public double NegationRate { get; init; } = 0.3;

    /// <summary>Probability that a sentence gets one extra negator at a random place (default 0.2).</summary>
    public double DistractorNegationRate { get; init; } = 0.2;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainExamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ValidationExamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabularySize, 10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CueWordsPerPolarity);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinWords, 6);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWords, MinWords);
        if (!(LabelNoise is >= 0 and < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(LabelNoise), LabelNoise, "Label noise must be in [0, 0.5).");
        }

        if (!(NegationRate is >= 0 and <= 1) || !(DistractorNegationRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NegationRate), "Negation rates must be probabilities.");
        }
    }
}
