using SweepCluster.Training.Data.Synthetic;
using SweepCluster.Training.Model;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

/// <summary>A small synthetic task, encoded, and tiny encoders for it: fast enough for many runs per test.</summary>
internal static class TinyTask
{
    private static readonly Lazy<(FineTuningData Data, Vocabulary Vocabulary)> Shared = new(() => Build(160, 64));

    /// <summary>160 training and 64 validation examples of at most 16 tokens (built once per test run).</summary>
    public static FineTuningData Data => Shared.Value.Data;

    /// <summary>The vocabulary built from <see cref="Data"/>'s training texts.</summary>
    public static Vocabulary Vocabulary => Shared.Value.Vocabulary;

    /// <summary>
    /// Encodes an easy synthetic task (6–8 words from 10 fillers and 2 + 2 cue words, no negation, no label
    /// noise: the label is the majority polarity of the cues) with a vocabulary built from its training texts.
    /// </summary>
    public static (FineTuningData Data, Vocabulary Vocabulary) Build(int train, int validation, int maxLength = 16)
    {
        var options = new SyntheticTaskOptions(train, validation, VocabularySize: 10, LabelNoise: 0, Seed: 3)
        {
            MaxWords = 8,
            CueWordsPerPolarity = 2,
            NegationRate = 0,
            DistractorNegationRate = 0,
        };
        var task = SyntheticTaskGenerator.Generate(options);
        var vocabulary = Vocabulary.Build(task.Train.Select(e => e.Text), maxSize: 500, uncased: true);
        var tokenizer = new WordPieceTokenizer(vocabulary, uncased: true);
        var trainEncoded = task.Train.Select(e => tokenizer.Encode(e.Text, e.TextPair, maxLength)).ToList();
        var validationEncoded = task.Validation.Select(e => tokenizer.Encode(e.Text, e.TextPair, maxLength)).ToList();
        var data = FineTuningData.Classification(
            trainEncoded, task.Labels.Encode(task.Train), validationEncoded, task.Labels.Encode(task.Validation), task.Labels.Count);
        return (data, vocabulary);
    }

    /// <summary>hidden 16, 1 layer, 2 heads, intermediate 32, dropout 0.1 unless given.</summary>
    public static BertConfig Config(int vocabSize, double dropout = 0.1, int layers = 1, int hidden = 16, int maxLength = 16) => new()
    {
        VocabSize = vocabSize,
        HiddenSize = hidden,
        NumHiddenLayers = layers,
        NumAttentionHeads = 2,
        IntermediateSize = 2 * hidden,
        MaxPositionEmbeddings = maxLength,
        HiddenDropoutProb = dropout,
        AttentionProbsDropoutProb = dropout,
    };

    /// <summary>A zero-weight model for <see cref="Data"/> (initialize it through <see cref="FineTuner.StartFresh"/>).</summary>
    public static BertClassifier Model(double dropout = 0.1) => new(Config(Vocabulary.Count, dropout), 2);

    /// <summary>Options for a quick run: 2 epochs of batches of 16, lr 1e-3, 4 evaluations per epoch.</summary>
    public static FineTuningOptions Options() => new()
    {
        Epochs = 2,
        BatchSize = 16,
        LearningRate = 1e-3,
        WarmupFraction = 0.1,
        EvaluationsPerEpoch = 4,
    };
}
