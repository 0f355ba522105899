namespace SweepCluster.Shared.Specs;

/// <summary>The <c>task</c> section.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] TaskKeys =
    [
        "kind", "glue_task", "train", "validation", "text_field", "text_pair_field", "label_field",
        "validation_fraction", "split_seed", "synthetic",
    ];

    private static readonly string[] TaskKinds = ["synthetic", "glue", "jsonl", "csv"];
    private static readonly string[] GlueTasks = ["sst2", "mrpc", "rte", "cola"];
    private static readonly string[] SyntheticKeys =
        ["train_examples", "validation_examples", "vocabulary_size", "label_noise", "seed"];

    private TaskSpec? ReadTask(MappingReader doc)
    {
        if (!doc.Has("task"))
        {
            doc.Missing("task");
            return null;
        }

        var task = doc.Section("task", TaskKeys);
        if (task is null)
        {
            return null;
        }

        string? kind = null;
        if (!task.Has("kind"))
        {
            task.Missing("kind");
        }
        else
        {
            kind = task.Choice("kind", TaskKinds, null);
        }

        string? glueTask = null;
        if (kind == "glue")
        {
            if (task.Has("glue_task"))
            {
                glueTask = task.Choice("glue_task", GlueTasks, null);
            }
            else
            {
                task.Missing("glue_task");
            }
        }
        else if (kind is not null)
        {
            task.Forbid("glue_task", "applies only to kind: glue");
        }

        var (train, validation) = ReadTaskFiles(task, kind);
        var (textField, pairField, labelField) = ReadTaskFields(task, kind);

        var validationFraction = task.Number("validation_fraction", NumberRange.FractionOpen, 0.1);
        var splitSeed = task.Integer("split_seed", NumberRange.AnyInteger, 0);
        if (kind == "synthetic")
        {
            const string Reason = "does not apply to kind: synthetic (it generates synthetic.validation_examples)";
            task.Forbid("validation_fraction", Reason);
            task.Forbid("split_seed", Reason);
        }
        else if (validation is not null)
        {
            task.Forbid("validation_fraction", "has no effect when task.validation is given");
            task.Forbid("split_seed", "has no effect when task.validation is given");
        }

        SyntheticTaskSpec? synthetic = null;
        if (kind == "synthetic")
        {
            synthetic = ReadSynthetic(task);
        }
        else if (kind is not null)
        {
            task.Forbid("synthetic", "applies only to kind: synthetic");
        }

        return kind is null
            ? null
            : new TaskSpec(kind, glueTask, train, validation, textField, pairField, labelField,
                validationFraction, splitSeed, synthetic);
    }

    private static (string? Train, string? Validation) ReadTaskFiles(MappingReader task, string? kind)
    {
        if (kind == "synthetic")
        {
            task.Forbid("train", "does not apply to kind: synthetic (its data is generated)");
            task.Forbid("validation", "does not apply to kind: synthetic (its data is generated)");
            return (null, null);
        }

        if (kind is null)
        {
            return (null, null);
        }

        var train = task.RequiredString("train");
        var validation = task.String("validation");
        if (train is "")
        {
            task.Error("train", "expected a path, got ''");
        }

        if (validation is "")
        {
            task.Error("validation", "expected a path, got ''");
        }

        return (train, validation);
    }

    private static (string Text, string? Pair, string Label) ReadTaskFields(MappingReader task, string? kind)
    {
        if (kind is "jsonl" or "csv")
        {
            var text = NonEmpty(task, "text_field") ?? "text";
            var pair = NonEmpty(task, "text_pair_field");
            var label = NonEmpty(task, "label_field") ?? "label";
            return (text, pair, label);
        }

        if (kind is not null)
        {
            // GLUE layouts are fixed per task and synthetic data has no columns.
            foreach (var key in (string[])["text_field", "text_pair_field", "label_field"])
            {
                task.Forbid(key, "applies only to kind: jsonl or csv");
            }
        }

        return ("text", null, "label");
    }

    private static string? NonEmpty(MappingReader section, string key)
    {
        var value = section.String(key);
        if (value is "")
        {
            section.Error(key, "expected a non-empty string, got ''");
            return null;
        }

        return value;
    }

    private static SyntheticTaskSpec ReadSynthetic(MappingReader task)
    {
        var defaults = new SyntheticTaskSpec(2000, 500, 500, 0.05, 0);
        if (!task.Has("synthetic"))
        {
            return defaults;
        }

        var synthetic = task.Section("synthetic", SyntheticKeys);
        if (synthetic is null)
        {
            return defaults;
        }

        return new SyntheticTaskSpec(
            synthetic.Integer("train_examples", NumberRange.PositiveInteger, defaults.TrainExamples),
            synthetic.Integer("validation_examples", NumberRange.PositiveInteger, defaults.ValidationExamples),
            synthetic.Integer("vocabulary_size", NumberRange.PositiveInteger, defaults.VocabularySize),
            synthetic.Number("label_noise", NumberRange.FractionClosedOpen, defaults.LabelNoise),
            synthetic.Integer("seed", NumberRange.AnyInteger, defaults.Seed));
    }
}
