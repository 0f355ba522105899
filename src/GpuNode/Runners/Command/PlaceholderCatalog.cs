using System.Globalization;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// The placeholders a template may use and where their values come from. Values that come from the
/// spec as free text (<c>values.*</c>, <c>task.*</c> and <c>model.pretrained</c> strings, <c>metric.name</c>)
/// are untrusted and pass <see cref="TemplateRenderer"/>'s validation; the rest are numbers or paths
/// the node computes itself.
/// </summary>
internal static class PlaceholderCatalog
{
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["init_seed"] = Trusted(s => Int(s.Context.Key.InitSeed)),
        ["order_seed"] = Trusted(s => Int(s.Context.Key.OrderSeed)),
        ["config_index"] = Trusted(s => Int(s.Context.Key.ConfigIndex)),
        ["attempt"] = Trusted(s => Int(s.Context.Attempt)),
        ["slot"] = Trusted(s => Int(s.Context.Slot)),
        ["threads"] = Trusted(s => Int(s.Context.Threads)),
        ["sweep_id"] = Trusted(s => s.Context.Key.SweepId),
        ["trial_id"] = Trusted(s => s.Context.Key.TrialId),
        ["trial_dir"] = Trusted(s => s.TrialDirectory),
        ["device"] = Trusted(s => s.Gpu is null ? "cpu" : "cuda"),
        ["gpu"] = Trusted(s => s.Gpu),
        ["resume_from"] = new(s => s.ResumeFrom, FromSpec: false, AlwaysOptional: true),
        ["fraction_pause"] = new(s => s.Context.PauseAtFraction is { } f ? Real(f) : null, FromSpec: false, AlwaysOptional: true),
        ["training.epochs"] = Trusted(s => Int(s.Context.Training.Epochs)),
        ["training.batch_size"] = Trusted(s => Int(s.Context.Training.BatchSize)),
        ["training.learning_rate"] = Trusted(s => Real(s.Context.Training.LearningRate)),
        ["training.warmup_fraction"] = Trusted(s => Real(s.Context.Training.WarmupFraction)),
        ["training.weight_decay"] = Trusted(s => Real(s.Context.Training.WeightDecay)),
        ["training.max_grad_norm"] = Trusted(s => Real(s.Context.Training.MaxGradNorm)),
        ["training.dropout"] = Trusted(s => Real(s.Context.Training.Dropout)),
        ["training.evaluations_per_epoch"] = Trusted(s => Int(s.Context.Training.EvaluationsPerEpoch)),
        ["training.gradient_accumulation"] = Trusted(s => Int(s.Context.Training.GradientAccumulation)),
        ["training.threads"] = Trusted(s => Int(s.Context.Training.Threads)),
        ["task.kind"] = Spec(s => s.Context.Spec.Task.Kind),
        ["task.glue_task"] = Spec(s => s.Context.Spec.Task.GlueTask),
        ["task.train"] = Spec(s => s.Context.Spec.Task.Train),
        ["task.validation"] = Spec(s => s.Context.Spec.Task.Validation),
        ["task.text_field"] = Spec(s => s.Context.Spec.Task.TextField),
        ["task.text_pair_field"] = Spec(s => s.Context.Spec.Task.TextPairField),
        ["task.label_field"] = Spec(s => s.Context.Spec.Task.LabelField),
        ["task.validation_fraction"] = Trusted(s => Real(s.Context.Spec.Task.ValidationFraction)),
        ["task.split_seed"] = Trusted(s => Int(s.Context.Spec.Task.SplitSeed)),
        ["model.pretrained"] = Spec(s => s.Context.Spec.Model.Pretrained),
        ["model.layers"] = Trusted(s => Int(s.Context.Spec.Model.Layers)),
        ["model.hidden"] = Trusted(s => Int(s.Context.Spec.Model.Hidden)),
        ["model.heads"] = Trusted(s => Int(s.Context.Spec.Model.Heads)),
        ["model.intermediate"] = Trusted(s => Int(s.Context.Spec.Model.Intermediate)),
        ["model.max_length"] = Trusted(s => Int(s.Context.Spec.Model.MaxLength)),
        ["model.uncased"] = Trusted(s => s.Context.Spec.Model.Uncased ? "true" : "false"),
        ["metric.name"] = Spec(s => s.Context.Spec.Metric.Name),
        ["metric.maximize"] = Trusted(s => s.Context.Spec.Metric.Maximize ? "true" : "false"),
    };

    /// <summary>Every built-in placeholder name, sorted (for error messages and docs).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Checks a placeholder written in a template; null when it is fine, else why not.</summary>
    public static string? Check(TemplateSegment placeholder, IReadOnlyDictionary<string, TemplateValue> declared)
    {
        var name = placeholder.Placeholder!;
        if (name.StartsWith("values.", StringComparison.Ordinal))
        {
            var value = name["values.".Length..];
            return declared.ContainsKey(value)
                ? null
                : $"{{{name}}} is not declared in the template's \"values\" (declared: {List(declared.Keys)})";
        }

        if (!Entries.TryGetValue(name, out var entry))
        {
            var hint = KeySuggestion(name);
            return $"unknown placeholder {{{name}}}{hint}";
        }

        return entry.AlwaysOptional && !placeholder.Optional
            ? $"{{{name}}} has no value on a first launch: write {{{name}?}} so that the element is dropped then"
            : null;
    }

    /// <summary>True when the placeholder's value is free text from the spec (validated before use).</summary>
    public static bool IsFromSpec(string name) =>
        name.StartsWith("values.", StringComparison.Ordinal) || (Entries.TryGetValue(name, out var e) && e.FromSpec);

    /// <summary>The value of a built-in placeholder (not <c>values.*</c>), or null when it has none for this launch.</summary>
    public static string? Value(string name, PlaceholderSource source) => Entries[name].Get(source);

    private static Entry Trusted(Func<PlaceholderSource, string?> get) => new(get, FromSpec: false, AlwaysOptional: false);

    private static Entry Spec(Func<PlaceholderSource, string?> get) => new(get, FromSpec: true, AlwaysOptional: false);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : "none";

    private static string KeySuggestion(string name)
    {
        var best = Names.MinBy(n => Distance(n, name));
        return best is not null && Distance(best, name) <= 2 ? $" (did you mean {{{best}}}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private sealed record Entry(Func<PlaceholderSource, string?> Get, bool FromSpec, bool AlwaysOptional);
}
