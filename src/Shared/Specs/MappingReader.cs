using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>
/// Reads one YAML mapping of the spec: rejects unknown keys on opening, then hands out typed
/// values, recording a precise error (field path and line) and returning a fallback when a value
/// is wrong, so that parsing continues and every problem is reported.
/// </summary>
internal sealed class MappingReader
{
    private readonly SpecErrorList _errors;
    private readonly Dictionary<string, (int KeyLine, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    private MappingReader(SpecErrorList errors, string path, int line)
    {
        _errors = errors;
        Path = path;
        Line = line;
    }

    /// <summary>Dotted path of this mapping ("" for the document root).</summary>
    public string Path { get; }

    /// <summary>Line of the mapping's own key (<c>task:</c>) or, for the root and list items, where it starts.</summary>
    public int Line { get; }

    /// <summary>Keys in document order (unknown keys excluded).</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping. With <paramref name="knownKeys"/>, any other key
    /// is an error with a spelling hint (<paramref name="noun"/> names what a key is in the message).
    /// <paramref name="line"/> is where "missing field" errors point (default: where the mapping starts).
    /// Returns null, after recording an error, when the node is not a mapping.
    /// </summary>
    public static MappingReader? Open(
        SpecErrorList errors, YamlNode node, string path, IReadOnlyCollection<string>? knownKeys, string noun = "key",
        int? line = null)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(path, YamlScalars.LineOf(node), $"expected a mapping, got {YamlScalars.Describe(node)}");
            return null;
        }

        var reader = new MappingReader(errors, path, line ?? YamlScalars.LineOf(mapping));
        foreach (var (keyNode, value) in mapping.Children)
        {
            var keyLine = YamlScalars.LineOf(keyNode);
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } || YamlScalars.IsNull(keyNode))
            {
                errors.Add(path, keyLine, $"expected a plain key, got {YamlScalars.Describe(keyNode)}");
                continue;
            }

            if (knownKeys is not null && !knownKeys.Contains(key))
            {
                errors.Add(reader.FieldOf(key), keyLine, $"unknown {noun} '{key}'{KeySuggestion.Hint(key, knownKeys)}");
                continue;
            }

            reader._entries[key] = (keyLine, value);
            reader._order.Add(key);
        }

        return reader;
    }

    /// <summary>Dotted path of a child: <c>training.epochs</c>.</summary>
    public string FieldOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool Has(string key) => Value(key) is not null;

    /// <summary>The key's value, or null when absent or YAML null.</summary>
    public YamlNode? Value(string key) =>
        _entries.TryGetValue(key, out var entry) && !YamlScalars.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>Line of the key when present, else of the mapping (where it should have been).</summary>
    public int LineOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.KeyLine : Line;

    /// <summary>Records a "missing required field" error for the key.</summary>
    public void Missing(string key) => _errors.Add(FieldOf(key), LineOf(key), "missing required field");

    /// <summary>Records <paramref name="message"/> for the key (at its line).</summary>
    public void Error(string key, string message) => _errors.Add(FieldOf(key), LineOf(key), message);

    /// <summary>Records an error if the key has a value: it does not apply in this context.</summary>
    public void Forbid(string key, string reason)
    {
        if (Has(key))
        {
            Error(key, reason);
        }
    }

    /// <summary>Opens a nested mapping; null when absent, YAML null or not a mapping.</summary>
    public MappingReader? Section(string key, IReadOnlyCollection<string>? knownKeys, string noun = "key") =>
        Value(key) is { } node ? Open(_errors, node, FieldOf(key), knownKeys, noun, LineOf(key)) : null;

    /// <summary>A string value; null when absent, YAML null, or not a scalar (error).</summary>
    public string? String(string key)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Error(key, $"expected a string, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>A required string value; null after recording an error when missing.</summary>
    public string? RequiredString(string key)
    {
        if (!Has(key))
        {
            Missing(key);
            return null;
        }

        return String(key);
    }

    /// <summary>A number in <paramref name="range"/>; the fallback when absent or wrong (error).</summary>
    public double Number(string key, NumberRange range, double fallback)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return fallback;
        }

        return NumberAt(_errors, entry.Value, FieldOf(key), range) ?? fallback;
    }

    /// <summary>An integer in <paramref name="range"/>; the fallback when absent or wrong (error).</summary>
    public int Integer(string key, NumberRange range, int fallback) => (int)Number(key, range, fallback);

    /// <summary>A boolean (<c>true</c>/<c>false</c>); the fallback when absent or wrong (error).</summary>
    public bool Bool(string key, bool fallback)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return fallback;
        }

        if (entry.Value is YamlScalarNode { Value: { } text } && !YamlScalars.IsNull(entry.Value)
            && YamlScalars.ParseBool(text) is { } value)
        {
            return value;
        }

        _errors.Add(FieldOf(key), YamlScalars.LineOf(entry.Value),
            $"expected true or false, got {YamlScalars.Describe(entry.Value)}");
        return fallback;
    }

    /// <summary>
    /// One of <paramref name="options"/>; the fallback when absent, null (after an error) when the
    /// value is not one of them.
    /// </summary>
    public string? Choice(string key, IReadOnlyList<string> options, string? fallback)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return fallback;
        }

        if (entry.Value is YamlScalarNode { Value: { } text } && options.Contains(text))
        {
            return text;
        }

        var got = YamlScalars.Describe(entry.Value);
        var hint = entry.Value is YamlScalarNode { Value: { } word } ? KeySuggestion.Hint(word, options) : string.Empty;
        _errors.Add(FieldOf(key), YamlScalars.LineOf(entry.Value),
            $"expected one of {string.Join(", ", options)}, got {got}{hint}");
        return null;
    }

    /// <summary>Reads a number from any node (list items too); null after recording an error.</summary>
    public static double? NumberAt(SpecErrorList errors, YamlNode node, string field, NumberRange range)
    {
        if (node is YamlScalarNode { Value: { } text } && !YamlScalars.IsNull(node) && range.Parse(text) is { } value)
        {
            return value;
        }

        errors.Add(field, YamlScalars.LineOf(node), $"expected {range.Description}, got {YamlScalars.Describe(node)}");
        return null;
    }
}
