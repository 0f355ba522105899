using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

public class BertConfigTests
{
    // bert-base-uncased's config.json as published, including keys this engine does not use.
    private const string BertBaseUncased = """
        {
          "architectures": ["BertForMaskedLM"],
          "attention_probs_dropout_prob": 0.1,
          "gradient_checkpointing": false,
          "hidden_act": "gelu",
          "hidden_dropout_prob": 0.1,
          "hidden_size": 768,
          "initializer_range": 0.02,
          "intermediate_size": 3072,
          "layer_norm_eps": 1e-12,
          "max_position_embeddings": 512,
          "model_type": "bert",
          "num_attention_heads": 12,
          "num_hidden_layers": 12,
          "pad_token_id": 0,
          "position_embedding_type": "absolute",
          "transformers_version": "4.6.0.dev0",
          "type_vocab_size": 2,
          "use_cache": true,
          "vocab_size": 30522
        }
        """;

    [Fact]
    public void Parse_BertBaseUncased_ReadsEveryFieldAndIgnoresUnknownKeys()
    {
        var config = BertConfig.Parse(BertBaseUncased);

        Assert.Equal(new BertConfig(), config); // bert-base is exactly the defaults
        Assert.Equal(30522, config.VocabSize);
        Assert.Equal(1e-12, config.LayerNormEps);
        Assert.Null(config.NumLabels);
        Assert.Equal(0.1, config.EffectiveClassifierDropout);
    }

    [Fact]
    public void SaveLoad_NonDefaultConfig_RoundTripsExactly()
    {
        var config = new BertConfig
        {
            VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
            MaxPositionEmbeddings = 40, TypeVocabSize = 3, LayerNormEps = 1e-5, HiddenDropoutProb = 0.15,
            AttentionProbsDropoutProb = 0.05, ClassifierDropout = 0.3, InitializerRange = 0.05, PadTokenId = 1,
            NumLabels = 3, ProblemType = "single_label_classification",
        };
        var path = Path.Combine(Path.GetTempPath(), $"bert-config-{Guid.NewGuid():N}.json");
        try
        {
            config.Save(path);
            Assert.Equal(config, BertConfig.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToJson_ThreeLabels_WritesHuggingFaceLabelMapsAndArchitecture()
    {
        var json = (new BertConfig() with { NumLabels = 3 }).ToJson();

        Assert.Contains("\"architectures\": [\n    \"BertForSequenceClassification\"\n  ]", json, StringComparison.Ordinal);
        Assert.Contains("\"2\": \"LABEL_2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"LABEL_2\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"model_type\": \"bert\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("num_labels", json, StringComparison.Ordinal);
        Assert.Equal(3, BertConfig.Parse(json).NumLabels);
    }

    [Theory]
    [InlineData("""{"hidden_act": "gelu_new"}""", "hidden_act \"gelu_new\" is not supported")]
    [InlineData("""{"model_type": "roberta"}""", "model_type \"roberta\" is not supported")]
    [InlineData("""{"position_embedding_type": "relative_key"}""", "position_embedding_type \"relative_key\"")]
    [InlineData("""{"hidden_size": "768"}""", "hidden_size must be an integer")]
    [InlineData("""{"hidden_size": 100}""", "hidden_size 100 is not a multiple of num_attention_heads 12")]
    [InlineData("""{"hidden_dropout_prob": 1.0}""", "hidden_dropout_prob must be in [0, 1)")]
    [InlineData("""{"problem_type": "multi_label_classification"}""", "problem_type \"multi_label_classification\" is not supported")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{"vocab_size": """, "not valid JSON")]
    public void Parse_UnsupportedOrMalformed_ThrowsNamingTheKey(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => BertConfig.Parse(json));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFile_ErrorNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bert-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"hidden_act": "relu"}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => BertConfig.Load(path));
            Assert.StartsWith(path + ": hidden_act", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
