using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SweepCluster.Training.Model;

/// <content>Reading and writing Hugging Face <c>config.json</c>.</content>
public sealed partial record BertConfig
{
    /// <summary>
    /// Reads a Hugging Face <c>config.json</c>. Unknown keys are ignored; missing keys take the
    /// defaults; the result is validated. Errors name the file and the key.
    /// </summary>
    public static BertConfig Load(string configJsonPath)
    {
        ArgumentNullException.ThrowIfNull(configJsonPath);
        try
        {
            return Parse(File.ReadAllText(configJsonPath));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{configJsonPath}: {e.Message}", e);
        }
    }

    /// <summary>Parses the text of a <c>config.json</c> (see <see cref="Load"/>).</summary>
    public static BertConfig Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("a config must be a JSON object.");
            }

            var modelType = OptionalString(root, "model_type");
            if (modelType is not null and not "bert")
            {
                throw new InvalidDataException($"model_type \"{modelType}\" is not supported: this engine implements BERT only.");
            }

            var positions = OptionalString(root, "position_embedding_type");
            if (positions is not null and not "absolute")
            {
                throw new InvalidDataException($"position_embedding_type \"{positions}\" is not supported: only \"absolute\".");
            }

            var defaults = new BertConfig();
            var config = new BertConfig
            {
                VocabSize = Int(root, "vocab_size") ?? defaults.VocabSize,
                HiddenSize = Int(root, "hidden_size") ?? defaults.HiddenSize,
                NumHiddenLayers = Int(root, "num_hidden_layers") ?? defaults.NumHiddenLayers,
                NumAttentionHeads = Int(root, "num_attention_heads") ?? defaults.NumAttentionHeads,
                IntermediateSize = Int(root, "intermediate_size") ?? defaults.IntermediateSize,
                MaxPositionEmbeddings = Int(root, "max_position_embeddings") ?? defaults.MaxPositionEmbeddings,
                TypeVocabSize = Int(root, "type_vocab_size") ?? defaults.TypeVocabSize,
                LayerNormEps = Number(root, "layer_norm_eps") ?? defaults.LayerNormEps,
                HiddenDropoutProb = Number(root, "hidden_dropout_prob") ?? defaults.HiddenDropoutProb,
                AttentionProbsDropoutProb = Number(root, "attention_probs_dropout_prob") ?? defaults.AttentionProbsDropoutProb,
                ClassifierDropout = Number(root, "classifier_dropout"),
                HiddenAct = OptionalString(root, "hidden_act") ?? defaults.HiddenAct,
                InitializerRange = Number(root, "initializer_range") ?? defaults.InitializerRange,
                PadTokenId = Int(root, "pad_token_id") ?? defaults.PadTokenId,
                NumLabels = Int(root, "num_labels") ?? LabelCount(root),
                ProblemType = OptionalString(root, "problem_type"),
            };
            config.Validate();
            return config;
        }
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>
    /// A <c>config.json</c> that <c>transformers</c> loads as <c>BertForSequenceClassification</c>: labels
    /// are written as <c>id2label</c>/<c>label2id</c> (<c>LABEL_i</c>), which is how it records num_labels.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue("BertForSequenceClassification");
            w.WriteEndArray();
            w.WriteNumber("attention_probs_dropout_prob", AttentionProbsDropoutProb);
            if (ClassifierDropout is { } classifierDropout)
            {
                w.WriteNumber("classifier_dropout", classifierDropout);
            }
            else
            {
                w.WriteNull("classifier_dropout");
            }

            w.WriteString("hidden_act", HiddenAct);
            w.WriteNumber("hidden_dropout_prob", HiddenDropoutProb);
            w.WriteNumber("hidden_size", HiddenSize);
            if (NumLabels is { } labels)
            {
                w.WriteStartObject("id2label");
                for (var i = 0; i < labels; i++)
                {
                    w.WriteString(i.ToString(CultureInfo.InvariantCulture), $"LABEL_{i}");
                }

                w.WriteEndObject();
                w.WriteStartObject("label2id");
                for (var i = 0; i < labels; i++)
                {
                    w.WriteNumber($"LABEL_{i}", i);
                }

                w.WriteEndObject();
            }

            w.WriteNumber("initializer_range", InitializerRange);
            w.WriteNumber("intermediate_size", IntermediateSize);
            w.WriteNumber("layer_norm_eps", LayerNormEps);
            w.WriteNumber("max_position_embeddings", MaxPositionEmbeddings);
            w.WriteString("model_type", "bert");
            w.WriteNumber("num_attention_heads", NumAttentionHeads);
            w.WriteNumber("num_hidden_layers", NumHiddenLayers);
            w.WriteNumber("pad_token_id", PadTokenId);
            w.WriteString("position_embedding_type", "absolute");
            if (ProblemType is not null)
            {
                w.WriteString("problem_type", ProblemType);
            }

            w.WriteNumber("type_vocab_size", TypeVocabSize);
            w.WriteNumber("vocab_size", VocabSize);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static int? Int(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            throw new InvalidDataException($"{key} must be an integer, got {v.GetRawText()}.");
        }

        return i;
    }

    private static double? Number(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"{key} must be a number, got {v.GetRawText()}.");
        }

        return v.GetDouble();
    }

    private static string? OptionalString(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{key} must be a string, got {v.GetRawText()}.");
        }

        return v.GetString();
    }

    private static int? LabelCount(JsonElement root)
    {
        if (!root.TryGetProperty("id2label", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"id2label must be an object, got {v.GetRawText()}.");
        }

        return v.EnumerateObject().Count();
    }
}
