using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Training.Data;

/// <summary>
/// Reads examples from JSON Lines: one JSON object per line, blank lines skipped. Fields are
/// picked by name through a <see cref="FieldMapping"/>; other fields are ignored.
/// </summary>
/// <remarks>
/// Texts must be JSON strings. A label may be a string (kept as is), a number (kept in invariant
/// form: <c>1</c>, <c>1.0</c> and <c>1e0</c> all become <c>"1"</c>, <c>0.25</c> stays <c>"0.25"</c>) or a
/// boolean (<c>"true"</c>/<c>"false"</c>); null or absent means unlabelled. An id may be a string or a number.
/// </remarks>
public static class JsonlExampleReader
{
    /// <summary>Reads every object in the file.</summary>
    /// <param name="path">The JSONL file (UTF-8).</param>
    /// <param name="fields">Field names; <see cref="FieldMapping.Default"/> when null.</param>
    /// <param name="requireLabels">Fail on an unlabelled object (true for training and validation data).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Invalid JSON, missing or mistyped field (with file:line).</exception>
    public static List<TextExample> Read(string path, FieldMapping? fields = null, bool requireLabels = true)
    {
        fields ??= FieldMapping.Default;
        var examples = new List<TextExample>();
        foreach (var (line, text) in DataFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new DataFormatException(path, line, $"not valid JSON ({e.Message})");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new DataFormatException(path, line, $"expected a JSON object, got {Describe(root.ValueKind)}");
                }

                string RequiredText(string name) =>
                    !root.TryGetProperty(name, out var value) ? throw new DataFormatException(path, line, $"field '{name}' is missing")
                    : value.ValueKind == JsonValueKind.String ? value.GetString()!
                    : throw new DataFormatException(path, line, $"field '{name}' must be a string, got {Describe(value.ValueKind)}");

                var label = ReadLabel(root, fields.Label, path, line);
                if (label is null && requireLabels)
                {
                    throw new DataFormatException(path, line, $"field '{fields.Label}' is missing or null; training and validation data need labels");
                }

                examples.Add(new TextExample(
                    RequiredText(fields.Text),
                    fields.TextPair is { } pair ? RequiredText(pair) : null,
                    label,
                    ReadId(root, fields.Id))
                {
                    Origin = new SourceLine(path, line),
                });
            }
        }

        return examples;
    }

    private static string? ReadLabel(JsonElement root, string name, string path, int line)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => NumberText(value),
            _ => throw new DataFormatException(path, line, $"field '{name}' must be a string, number or boolean, got {Describe(value.ValueKind)}"),
        };
    }

    private static string? ReadId(JsonElement root, string? name)
    {
        if (name is null || !root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    // Integral values print without a fraction so that 1, 1.0 and 1e0 are the same class.
    private static string NumberText(JsonElement value)
    {
        var number = value.GetDouble();
        return Math.Abs(number) < 9007199254740992.0 && number == Math.Floor(number)
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
