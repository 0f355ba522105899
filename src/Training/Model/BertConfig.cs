namespace SweepCluster.Training.Model;

/// <summary>
/// The architecture of a BERT encoder with a sequence-classification head, named and defaulted as in
/// Hugging Face's <c>BertConfig</c> (a key missing from <c>config.json</c> takes the default shown on
/// its property, as <c>transformers</c> does). Load and save with <see cref="Load"/> / <see cref="Save"/>.
/// </summary>
public sealed partial record BertConfig
{
    /// <summary><c>vocab_size</c>; default 30522.</summary>
    public int VocabSize { get; init; } = 30522;

    /// <summary><c>hidden_size</c>; default 768.</summary>
    public int HiddenSize { get; init; } = 768;

    /// <summary><c>num_hidden_layers</c>; default 12.</summary>
    public int NumHiddenLayers { get; init; } = 12;

    /// <summary><c>num_attention_heads</c>; default 12. Must divide <see cref="HiddenSize"/>.</summary>
    public int NumAttentionHeads { get; init; } = 12;

    /// <summary><c>intermediate_size</c> (feed-forward width); default 3072.</summary>
    public int IntermediateSize { get; init; } = 3072;

    /// <summary><c>max_position_embeddings</c>, the longest sequence; default 512.</summary>
    public int MaxPositionEmbeddings { get; init; } = 512;

    /// <summary><c>type_vocab_size</c> (segment ids); default 2.</summary>
    public int TypeVocabSize { get; init; } = 2;

    /// <summary><c>layer_norm_eps</c>; default 1e-12.</summary>
    public double LayerNormEps { get; init; } = 1e-12;

    /// <summary><c>hidden_dropout_prob</c>; default 0.1.</summary>
    public double HiddenDropoutProb { get; init; } = 0.1;

    /// <summary><c>attention_probs_dropout_prob</c>; default 0.1.</summary>
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    /// <summary>
    /// <c>classifier_dropout</c>: dropout before the classifier; default null, meaning
    /// <see cref="HiddenDropoutProb"/> (as in <c>BertForSequenceClassification</c>).
    /// </summary>
    public double? ClassifierDropout { get; init; }

    /// <summary><c>hidden_act</c>; default and only supported value "gelu" (the exact erf form).</summary>
    public string HiddenAct { get; init; } = "gelu";

    /// <summary><c>initializer_range</c>, the standard deviation of initial weights; default 0.02.</summary>
    public double InitializerRange { get; init; } = 0.02;

    /// <summary><c>pad_token_id</c>: the word-embedding row that never receives gradient; default 0.</summary>
    public int PadTokenId { get; init; }

    /// <summary>
    /// <c>num_labels</c> (or the size of <c>id2label</c>) when the file states it; null otherwise.
    /// 1 means regression.
    /// </summary>
    public int? NumLabels { get; init; }

    /// <summary>
    /// <c>problem_type</c>: null, "single_label_classification" or "regression"
    /// ("multi_label_classification" is not supported).
    /// </summary>
    public string? ProblemType { get; init; }

    /// <summary>Dropout before the classifier as actually applied.</summary>
    public double EffectiveClassifierDropout => ClassifierDropout ?? HiddenDropoutProb;

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first inconsistent or unsupported setting.</summary>
    public void Validate()
    {
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(IntermediateSize, "intermediate_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        Positive(TypeVocabSize, "type_vocab_size");
        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw new InvalidDataException($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}.");
        }

        if (HiddenAct != "gelu")
        {
            throw new InvalidDataException($"hidden_act \"{HiddenAct}\" is not supported: only \"gelu\" (BERT's exact erf GELU) is implemented.");
        }

        if (!(LayerNormEps > 0))
        {
            throw new InvalidDataException($"layer_norm_eps must be positive, got {LayerNormEps}.");
        }

        Probability(HiddenDropoutProb, "hidden_dropout_prob");
        Probability(AttentionProbsDropoutProb, "attention_probs_dropout_prob");
        Probability(EffectiveClassifierDropout, "classifier_dropout");
        if (PadTokenId < 0 || PadTokenId >= VocabSize)
        {
            throw new InvalidDataException($"pad_token_id {PadTokenId} is outside the vocabulary of {VocabSize}.");
        }

        if (NumLabels is < 1)
        {
            throw new InvalidDataException($"num_labels must be at least 1, got {NumLabels}.");
        }

        if (ProblemType is not (null or "single_label_classification" or "regression"))
        {
            throw new InvalidDataException($"problem_type \"{ProblemType}\" is not supported (use single_label_classification or regression).");
        }
    }

    private static void Positive(int value, string key)
    {
        if (value <= 0)
        {
            throw new InvalidDataException($"{key} must be positive, got {value}.");
        }
    }

    private static void Probability(double value, string key)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new InvalidDataException($"{key} must be in [0, 1), got {value}.");
        }
    }
}
