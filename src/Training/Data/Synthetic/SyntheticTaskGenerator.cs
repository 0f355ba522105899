using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Data.Synthetic;

/// <summary>
/// A seeded generator of a binary text-classification task for tests and zero-setup demos:
/// sentences of pseudo-words with sentiment-like cue words and negation. Deterministic: the same
/// options give the same task, word for word.
/// </summary>
/// <remarks>
/// Each sentence has 6–20 (configurable) filler words, one or three cue words (even odds) at
/// random places with random polarities, each cue preceded by a negator 1–2 words earlier with
/// probability <see cref="SyntheticTaskOptions.NegationRate"/>, and sometimes an extra negator
/// anywhere. Clean labels are exactly balanced: a shuffled list with ⌈n/2⌉ ones and ⌊n/2⌋ zeros
/// says which label each sentence must have; when the drawn sentence scores the other way (by the
/// rule on <see cref="SyntheticLexicon"/>), every cue is swapped for one of the opposite polarity,
/// which negates the score. Then each label is flipped with probability
/// <see cref="SyntheticTaskOptions.LabelNoise"/>. The lexicon, the training set and the validation
/// set come from separate seeded streams, so changing one count does not change the other set, and
/// the noise draw is made for every example, so changing the noise does not change the texts.
/// </remarks>
public static class SyntheticTaskGenerator
{
    /// <summary>Generates the task.</summary>
    public static SyntheticTask Generate(SyntheticTaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var lexiconRng = Rng.ForStream("synthetic/lexicon", options.Seed);
        var words = PseudoWords.Draw(
            lexiconRng,
            options.VocabularySize + (2 * options.CueWordsPerPolarity),
            new HashSet<string>(SyntheticLexicon.Negators, StringComparer.Ordinal));
        var lexicon = new SyntheticLexicon(
            words[(2 * options.CueWordsPerPolarity)..],
            words[..options.CueWordsPerPolarity],
            words[options.CueWordsPerPolarity..(2 * options.CueWordsPerPolarity)]);

        var train = GenerateSet("train", options.TrainExamples, lexicon, options);
        var validation = GenerateSet("validation", options.ValidationExamples, lexicon, options);
        return new SyntheticTask(train, validation, new LabelSet(["0", "1"]), lexicon);
    }

    private static List<TextExample> GenerateSet(string name, int count, SyntheticLexicon lexicon, SyntheticTaskOptions options)
    {
        var rng = Rng.ForStream($"synthetic/{name}", options.Seed);
        var targets = new int[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = i < (count + 1) / 2 ? 1 : 0;
        }

        rng.Shuffle(targets.AsSpan());
        var examples = new List<TextExample>(count);
        for (var i = 0; i < count; i++)
        {
            var sentence = Sentence(rng, lexicon, options, targets[i] == 1 ? 1 : -1);
            var label = targets[i];
            if (rng.NextDouble() < options.LabelNoise)
            {
                label = 1 - label;
            }

            examples.Add(new TextExample(string.Join(' ', sentence), null, label == 1 ? "1" : "0", $"{name}-{i}"));
        }

        return examples;
    }

    private static string[] Sentence(Rng rng, SyntheticLexicon lexicon, SyntheticTaskOptions options, int wantedSign)
    {
        var length = options.MinWords + rng.NextInt(options.MaxWords - options.MinWords + 1);
        var words = new string[length];
        for (var i = 0; i < length; i++)
        {
            words[i] = lexicon.Fillers[rng.NextInt(lexicon.Fillers.Count)];
        }

        var cueCount = rng.NextInt(2) == 0 ? 1 : 3;
        var positions = Enumerable.Range(0, length).ToArray();
        rng.Shuffle(positions.AsSpan());
        var cues = positions[..cueCount];
        foreach (var position in cues)
        {
            words[position] = rng.NextInt(2) == 0 ? Pick(rng, lexicon.PositiveCues) : Pick(rng, lexicon.NegativeCues);
        }

        foreach (var position in cues)
        {
            var at = position - 1 - rng.NextInt(2);
            if (rng.NextDouble() < options.NegationRate && at >= 0 && lexicon.Polarity(words[at]) == 0)
            {
                words[at] = Pick(rng, SyntheticLexicon.Negators);
            }
        }

        if (rng.NextDouble() < options.DistractorNegationRate)
        {
            var at = rng.NextInt(length);
            if (lexicon.Polarity(words[at]) == 0)
            {
                words[at] = Pick(rng, SyntheticLexicon.Negators);
            }
        }

        if (Math.Sign(lexicon.Score(words)) != wantedSign)
        {
            foreach (var position in cues)
            {
                words[position] = lexicon.Polarity(words[position]) > 0 ? Pick(rng, lexicon.NegativeCues) : Pick(rng, lexicon.PositiveCues);
            }
        }

        return words;
    }

    private static string Pick(Rng rng, IReadOnlyList<string> words) => words[rng.NextInt(words.Count)];
}
