using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Training.Model;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Checkpoints;

/// <summary>
/// A fine-tuned classifier in the Hugging Face folder layout, ready for inference: <c>config.json</c>
/// (with the real class names in <c>id2label</c>/<c>label2id</c>), <c>model.safetensors</c>,
/// <c>vocab.txt</c> and <c>tokenizer_config.json</c> (<c>do_lower_case</c>, <c>model_max_length</c>).
/// <c>transformers</c> loads such a folder with <c>AutoModelForSequenceClassification</c> and <c>AutoTokenizer</c>.
/// </summary>
/// <param name="Model">The classifier.</param>
/// <param name="Tokenizer">The WordPiece tokenizer of <c>vocab.txt</c>, cased or not as the folder says.</param>
/// <param name="LabelNames">Class names by id (<c>LABEL_i</c> when the folder names none).</param>
/// <param name="MaxLength">Longest input in tokens (<c>model_max_length</c>, else <c>max_position_embeddings</c>).</param>
public sealed record FineTunedModel(BertClassifier Model, WordPieceTokenizer Tokenizer, IReadOnlyList<string> LabelNames, int MaxLength)
{
    /// <summary>The tokenizer settings file.</summary>
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    /// <summary>
    /// Writes the folder atomically (into a temporary sibling, then renamed; an existing folder is replaced).
    /// </summary>
    /// <param name="directory">Target folder.</param>
    /// <param name="model">The classifier.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="labelNames">Class names by id, or null (regression, or unnamed classes).</param>
    /// <param name="uncased">Whether inputs are lower-cased (and accents stripped) before WordPiece.</param>
    /// <param name="maxLength">Longest input in tokens the model was trained with.</param>
    public static void Save(string directory, BertClassifier model, Vocabulary vocabulary, IReadOnlyList<string>? labelNames, bool uncased, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (labelNames is not null && labelNames.Count != model.NumLabels)
        {
            throw new ArgumentException($"{labelNames.Count} label names for {model.NumLabels} outputs.", nameof(labelNames));
        }

        var full = Path.GetFullPath(directory);
        var temporary = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            ModelFolder.Save(temporary, model);
            vocabulary.Save(Path.Combine(temporary, ModelFolder.VocabFileName));
            if (labelNames is not null)
            {
                WriteLabelNames(Path.Combine(temporary, ModelFolder.ConfigFileName), labelNames);
            }

            var tokenizer = new JsonObject
            {
                ["tokenizer_class"] = "BertTokenizer",
                ["do_lower_case"] = uncased,
                ["model_max_length"] = maxLength,
            };
            File.WriteAllText(Path.Combine(temporary, TokenizerConfigFileName), tokenizer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            if (Directory.Exists(full))
            {
                var old = $"{full}.old-{Guid.NewGuid():N}";
                Directory.Move(full, old);
                Directory.Move(temporary, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temporary, full);
            }
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>Loads a folder written by <see cref="Save"/> or by <c>transformers</c>' <c>save_pretrained</c> (model and tokenizer).</summary>
    /// <exception cref="FileNotFoundException">A required file is missing.</exception>
    /// <exception cref="InvalidDataException">A file cannot be used (the message names it).</exception>
    public static FineTunedModel Load(string directory, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model folder not found: {directory}");
        }

        foreach (var name in new[] { ModelFolder.ConfigFileName, ModelFolder.WeightsFileName, ModelFolder.VocabFileName })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{directory} has no {name} (expected a Hugging Face model folder: config.json, model.safetensors, vocab.txt)", path);
            }
        }

        var loaded = ModelFolder.Load(directory, threads: threads);
        var labels = ReadLabelNames(Path.Combine(directory, ModelFolder.ConfigFileName), loaded.Model.NumLabels);
        var (uncased, maxLength) = ReadTokenizerSettings(directory);
        var vocabulary = Vocabulary.Load(Path.Combine(directory, ModelFolder.VocabFileName));
        if (vocabulary.Count > loaded.Config.VocabSize)
        {
            throw new InvalidDataException($"{directory}: vocab.txt has {vocabulary.Count} tokens but vocab_size is {loaded.Config.VocabSize}.");
        }

        var length = Math.Min(maxLength ?? loaded.Config.MaxPositionEmbeddings, loaded.Config.MaxPositionEmbeddings);
        return new FineTunedModel(loaded.Model, new WordPieceTokenizer(vocabulary, uncased), labels, length);
    }

    /// <summary>Class names by id from a <c>config.json</c>'s <c>id2label</c>; <c>LABEL_i</c> for ids it does not name.</summary>
    public static IReadOnlyList<string> ReadLabelNames(string configPath, int numLabels)
    {
        var names = new string[numLabels];
        for (var i = 0; i < numLabels; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"LABEL_{i}");
        }

        var root = ParseObject(configPath);
        if (root["id2label"] is JsonObject id2label)
        {
            foreach (var (key, value) in id2label)
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id < numLabels
                    && value is JsonValue v && v.TryGetValue<string>(out var name))
                {
                    names[id] = name;
                }
            }
        }

        return names;
    }

    private static (bool Uncased, int? MaxLength) ReadTokenizerSettings(string directory)
    {
        var path = Path.Combine(directory, TokenizerConfigFileName);
        if (!File.Exists(path))
        {
            return (true, null); // BertTokenizer's default is do_lower_case=True
        }

        var root = ParseObject(path);
        var uncased = root["do_lower_case"] is JsonValue lower && lower.TryGetValue<bool>(out var b) ? b : true;
        int? maxLength = root["model_max_length"] is JsonValue max && max.TryGetValue<long>(out var m) && m is > 0 and <= int.MaxValue ? (int)m : null;
        return (uncased, maxLength);
    }

    private static void WriteLabelNames(string configPath, IReadOnlyList<string> labelNames)
    {
        var root = ParseObject(configPath);
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < labelNames.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = labelNames[i];
            label2id[labelNames[i]] = i;
        }

        root["id2label"] = id2label;
        root["label2id"] = label2id;
        File.WriteAllText(configPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static JsonObject ParseObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e);
        }
    }
}
