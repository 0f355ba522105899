using SweepCluster.Shared.Specs;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// Builds the classifier a trial trains: a pretrained Hugging Face folder (only the head will be drawn from
/// the WI seed) or a fresh encoder from the spec's architecture (every weight drawn from the WI seed).
/// The spec's dropout replaces the configuration's hidden and attention dropout in both cases.
/// </summary>
internal static class BuiltinModel
{
    public static (BertClassifier Model, WeightInitialization Initialization, string Source) Create(
        ModelSpec spec, PreparedTask task, double dropout, int threads)
    {
        var labels = task.Data.NumLabels;
        var problem = labels == 1 ? "regression" : null;
        if (spec.Pretrained is not { } folder)
        {
            var config = new BertConfig
            {
                VocabSize = task.Vocabulary.Count,
                HiddenSize = spec.Hidden,
                NumHiddenLayers = spec.Layers,
                NumAttentionHeads = spec.Heads,
                IntermediateSize = spec.Intermediate,
                MaxPositionEmbeddings = spec.MaxLength,
                HiddenDropoutProb = dropout,
                AttentionProbsDropoutProb = dropout,
                PadTokenId = task.Vocabulary.IdOf(Vocabulary.PadToken),
                NumLabels = labels,
                ProblemType = problem,
            };
            return (new BertClassifier(config, labels, threads), WeightInitialization.All, "scratch");
        }

        var loaded = ModelFolder.Load(folder, labels, threads);
        var loadedConfig = loaded.Config;
        if (spec.MaxLength > loadedConfig.MaxPositionEmbeddings)
        {
            throw new InvalidDataException(
                $"model.max_length {spec.MaxLength} exceeds max_position_embeddings {loadedConfig.MaxPositionEmbeddings} of {folder}");
        }

        if (task.Vocabulary.Count > loadedConfig.VocabSize)
        {
            throw new InvalidDataException($"{folder}: vocab.txt has {task.Vocabulary.Count} tokens but vocab_size is {loadedConfig.VocabSize}");
        }

        var wanted = loadedConfig with
        {
            HiddenDropoutProb = dropout,
            AttentionProbsDropoutProb = dropout,
            ClassifierDropout = null,
            NumLabels = labels,
            ProblemType = problem,
        };
        if (wanted == loadedConfig)
        {
            return (loaded.Model, WeightInitialization.Head, folder);
        }

        // Dropout is fixed when modules are built: rebuild with the spec's and copy the pretrained weights.
        var model = new BertClassifier(wanted, labels, threads);
        foreach (var (target, source) in model.Parameters.Zip(loaded.Model.Parameters))
        {
            source.Data.CopyTo(target.Data, 0);
        }

        return (model, WeightInitialization.Head, folder);
    }
}
