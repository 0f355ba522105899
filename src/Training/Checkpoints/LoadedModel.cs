using SweepCluster.Training.Model;

namespace SweepCluster.Training.Checkpoints;

/// <summary>A model read from a Hugging Face folder by <see cref="ModelFolder.Load"/>.</summary>
/// <param name="Config">The folder's <c>config.json</c>.</param>
/// <param name="Model">The classifier with every checkpoint weight loaded.</param>
/// <param name="NewlyInitialized">
/// Parameters the checkpoint did not contain — only ever <c>classifier.weight</c>/<c>classifier.bias</c>
/// (a pretrained, not yet fine-tuned checkpoint). They are left at zero: initialize them with
/// <see cref="BertClassifier.InitializeHead"/> and the trial's weight-initialization seed.
/// </param>
/// <param name="Unused">Checkpoint tensors the classifier does not use (pre-training heads <c>cls.*</c>, <c>position_ids</c> buffers).</param>
/// <param name="VocabPath">The folder's <c>vocab.txt</c>, or null if it has none.</param>
public sealed record LoadedModel(
    BertConfig Config, BertClassifier Model, IReadOnlyList<string> NewlyInitialized, IReadOnlyList<string> Unused, string? VocabPath)
{
    /// <summary>True when the classifier head still needs <see cref="BertClassifier.InitializeHead"/>.</summary>
    public bool NeedsHeadInitialization => NewlyInitialized.Count > 0;
}
