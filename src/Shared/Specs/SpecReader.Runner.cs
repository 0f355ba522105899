using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>The <c>runner</c> section, in its mapping and scalar shorthand forms.</summary>
internal sealed partial class SpecReader
{
    private const string CommandPrefix = "command:";

    private static readonly string[] RunnerKeys = ["kind", "template", "values", "simulated"];
    private static readonly string[] RunnerKinds = ["simulated", "builtin", "command"];
    private static readonly string[] BuiltinValueKeys = ["checkpoint_every_evaluation", "vocabulary_size"];
    private static readonly string[] SimulatedKeys =
        ["steps", "evaluations", "step_duration_ms", "diverge_share", "fail_share", "noise"];

    private static readonly SimulatedRunnerSpec SimulatedDefaults = new(100, 10, 0, 0, 0, 0.02);
    private static readonly Dictionary<string, string> NoValues = [];

    private RunnerSpec? ReadRunner(MappingReader doc)
    {
        return doc.Value("runner") switch
        {
            null => new RunnerSpec("simulated", null, NoValues, SimulatedDefaults),
            YamlScalarNode { Value: { } text } scalar => ReadRunnerShorthand(YamlScalars.LineOf(scalar), text),
            var node => ReadRunnerMapping(node, doc.LineOf("runner")),
        };
    }

    private RunnerSpec? ReadRunnerShorthand(int line, string text)
    {
        if (text is "simulated")
        {
            return new RunnerSpec("simulated", null, NoValues, SimulatedDefaults);
        }

        if (text is "builtin")
        {
            return new RunnerSpec("builtin", null, NoValues, null);
        }

        if (text.StartsWith(CommandPrefix, StringComparison.Ordinal) && IsTemplateName(text[CommandPrefix.Length..].Trim()))
        {
            return new RunnerSpec("command", text[CommandPrefix.Length..].Trim(), NoValues, null);
        }

        var hint = KeySuggestion.Hint(text, RunnerKinds);
        errors.Add("runner", line, $"expected simulated, builtin, command:TEMPLATE or a mapping, got '{text}'{hint}");
        return null;
    }

    private RunnerSpec? ReadRunnerMapping(YamlNode node, int line)
    {
        var runner = MappingReader.Open(errors, node, "runner", RunnerKeys, line: line);
        if (runner is null)
        {
            return null;
        }

        var kind = runner.Choice("kind", RunnerKinds, "simulated");
        string? template = null;
        IReadOnlyDictionary<string, string> values = NoValues;
        if (kind == "command")
        {
            template = runner.RequiredString("template");
            if (template is not null && !IsTemplateName(template))
            {
                runner.Error("template", $"expected a template name (letters, digits, '.', '_', '-'), got '{template}'");
            }

            values = ReadRunnerValues(runner);
        }
        else if (kind == "builtin")
        {
            runner.Forbid("template", "applies only to kind: command");
            values = ReadBuiltinValues(runner);
        }
        else if (kind is not null)
        {
            runner.Forbid("template", "applies only to kind: command");
            runner.Forbid("values", "applies only to kind: command or builtin");
        }

        SimulatedRunnerSpec? simulated = null;
        if (kind == "simulated")
        {
            simulated = ReadSimulated(runner);
        }
        else if (kind is not null)
        {
            runner.Forbid("simulated", "applies only to kind: simulated");
        }

        return kind is null ? null : new RunnerSpec(kind, template, values, simulated);
    }

    private IReadOnlyDictionary<string, string> ReadRunnerValues(MappingReader runner)
    {
        var section = runner.Section("values", knownKeys: null);
        if (section is null)
        {
            return NoValues;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in section.Keys)
        {
            if (section.Value(key) is YamlScalarNode { Value: { } value })
            {
                values[key] = value;
            }
            else
            {
                var got = section.Value(key) is { } bad ? YamlScalars.Describe(bad) : "null";
                section.Error(key, $"expected a string or a number, got {got}");
            }
        }

        return values;
    }

    /// <summary>The built-in engine's settings, validated and kept as invariant strings.</summary>
    private IReadOnlyDictionary<string, string> ReadBuiltinValues(MappingReader runner)
    {
        var section = runner.Section("values", BuiltinValueKeys);
        if (section is null)
        {
            return NoValues;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (section.Has("checkpoint_every_evaluation"))
        {
            values["checkpoint_every_evaluation"] = section.Bool("checkpoint_every_evaluation", false) ? "true" : "false";
        }

        if (section.Has("vocabulary_size"))
        {
            // [PAD] [UNK] [CLS] [SEP] [MASK] and at least one character with its ## form.
            values["vocabulary_size"] = section.Integer("vocabulary_size", NumberRange.AtLeast(7), 8192)
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private SimulatedRunnerSpec ReadSimulated(MappingReader runner)
    {
        var section = runner.Section("simulated", SimulatedKeys);
        if (section is null)
        {
            return SimulatedDefaults;
        }

        var before = errors.Count;
        var spec = new SimulatedRunnerSpec(
            section.Integer("steps", NumberRange.PositiveInteger, SimulatedDefaults.Steps),
            section.Integer("evaluations", NumberRange.PositiveInteger, SimulatedDefaults.Evaluations),
            section.Number("step_duration_ms", NumberRange.NonNegative, SimulatedDefaults.StepDurationMs),
            section.Number("diverge_share", NumberRange.Share, SimulatedDefaults.DivergeShare),
            section.Number("fail_share", NumberRange.Share, SimulatedDefaults.FailShare),
            section.Number("noise", NumberRange.NonNegative, SimulatedDefaults.Noise));
        if (errors.Count == before && spec.Evaluations > spec.Steps)
        {
            section.Error("evaluations", $"evaluations ({spec.Evaluations}) must not exceed steps ({spec.Steps})");
        }

        if (errors.Count == before && spec.DivergeShare + spec.FailShare > 1)
        {
            section.Error("fail_share", "diverge_share + fail_share must not exceed 1");
        }

        return spec;
    }

    private static bool IsTemplateName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
