namespace SweepCluster.Shared.Specs;

/// <summary>The <c>model</c> section.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] ModelKeys =
        ["pretrained", "layers", "hidden", "heads", "intermediate", "max_length", "uncased"];

    /// <summary>Architecture keys that a pretrained checkpoint's config.json decides.</summary>
    private static readonly string[] ArchitectureKeys = ["layers", "hidden", "heads", "intermediate"];

    private static readonly ModelSpec ModelDefaults = new(null, 2, 128, 2, 512, 64, true);

    private ModelSpec ReadModel(MappingReader doc)
    {
        if (!doc.Has("model"))
        {
            return ModelDefaults;
        }

        var model = doc.Section("model", ModelKeys);
        if (model is null)
        {
            return ModelDefaults;
        }

        var before = errors.Count;
        var pretrained = NonEmpty(model, "pretrained");
        var spec = new ModelSpec(
            pretrained,
            model.Integer("layers", NumberRange.PositiveInteger, ModelDefaults.Layers),
            model.Integer("hidden", NumberRange.PositiveInteger, ModelDefaults.Hidden),
            model.Integer("heads", NumberRange.PositiveInteger, ModelDefaults.Heads),
            model.Integer("intermediate", NumberRange.PositiveInteger, ModelDefaults.Intermediate),
            // [CLS], at least one token, [SEP].
            model.Integer("max_length", NumberRange.AtLeast(3), ModelDefaults.MaxLength),
            model.Bool("uncased", ModelDefaults.Uncased));

        if (pretrained is not null)
        {
            foreach (var key in ArchitectureKeys)
            {
                model.Forbid(key, "is read from the pretrained model's config.json; remove it");
            }
        }
        else if (errors.Count == before && spec.Hidden % spec.Heads != 0)
        {
            model.Error("heads", $"hidden ({spec.Hidden}) must be divisible by heads ({spec.Heads})");
        }

        return spec;
    }
}
