using SweepCluster.Training.Model;

namespace SweepCluster.Training.Checkpoints;

/// <summary>
/// A model in Hugging Face's folder layout: <c>config.json</c>, <c>model.safetensors</c> and
/// (optionally) <c>vocab.txt</c>.
/// </summary>
public static class ModelFolder
{
    /// <summary>The configuration file name.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The weights file name.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>The WordPiece vocabulary file name.</summary>
    public const string VocabFileName = "vocab.txt";

    /// <summary>
    /// Loads a folder written by <c>transformers</c> (<c>BertForSequenceClassification</c>,
    /// <c>BertModel</c>, <c>BertForPreTraining</c>, …) or by <see cref="Save"/>.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="numLabels">Classifier outputs; default: the config's num_labels, else 2 (as <c>transformers</c>).</param>
    /// <param name="threads">Threads for the model's matrix products.</param>
    /// <remarks>
    /// Names are matched as <c>transformers</c> does: a missing <c>bert.</c> prefix is added and old
    /// LayerNorm <c>gamma</c>/<c>beta</c> names become <c>weight</c>/<c>bias</c>. A missing
    /// <c>classifier.*</c> is reported in <see cref="LoadedModel.NewlyInitialized"/>; any other missing
    /// tensor, an unexpected tensor outside <c>cls.*</c>, or a shape mismatch is an
    /// <see cref="InvalidDataException"/> naming the tensors.
    /// </remarks>
    public static LoadedModel Load(string directory, int? numLabels = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var config = BertConfig.Load(Path.Combine(directory, ConfigFileName));
        var labels = numLabels ?? config.NumLabels ?? 2;
        var model = new BertClassifier(config with { NumLabels = labels }, labels, threads);
        var weightsPath = Path.Combine(directory, WeightsFileName);
        var (missing, unused) = CheckpointNames.Assign(model, weightsPath);
        var vocab = Path.Combine(directory, VocabFileName);
        return new LoadedModel(model.Config, model, missing, unused, File.Exists(vocab) ? vocab : null);
    }

    /// <summary>
    /// Writes <c>config.json</c> (the model's config with its num_labels) and <c>model.safetensors</c>
    /// (every parameter, F32, metadata <c>format = pt</c> as <c>transformers</c> expects) into
    /// <paramref name="directory"/>, creating it, and copies <paramref name="vocabPath"/> to
    /// <c>vocab.txt</c> when given. The result loads with
    /// <c>BertForSequenceClassification.from_pretrained(directory)</c>.
    /// </summary>
    public static void Save(string directory, BertClassifier model, string? vocabPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        (model.Config with { NumLabels = model.NumLabels }).Save(Path.Combine(directory, ConfigFileName));
        SafeTensorsFile.Write(
            Path.Combine(directory, WeightsFileName),
            model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Data)),
            new Dictionary<string, string> { ["format"] = "pt" });
        if (vocabPath is not null)
        {
            var target = Path.Combine(directory, VocabFileName);
            if (!string.Equals(Path.GetFullPath(vocabPath), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(vocabPath, target, overwrite: true);
            }
        }
    }
}
