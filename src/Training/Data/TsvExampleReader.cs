namespace SweepCluster.Training.Data;

/// <summary>
/// Reads examples from a tab-separated file whose first line names the columns. Fields are split on tabs
/// only and quotes are ordinary characters (as in GLUE's files), so text with quotes needs no escaping;
/// a field therefore cannot hold a tab or a line break. Empty lines are skipped.
/// </summary>
public static class TsvExampleReader
{
    /// <summary>Reads every line after the header.</summary>
    /// <param name="path">The TSV file (UTF-8).</param>
    /// <param name="fields">Column names; <see cref="FieldMapping.Default"/> when null.</param>
    /// <param name="requireLabels">Fail when the label column or a label is missing.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Missing column, wrong column count, empty label (with file:line).</exception>
    public static List<TextExample> Read(string path, FieldMapping? fields = null, bool requireLabels = true)
    {
        fields ??= FieldMapping.Default;
        using var lines = DataFile.ReadLines(path).Where(l => l.Text.Length > 0).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new DataFormatException(path, null, "is empty; expected a header line naming the columns");
        }

        var (headerLine, headerText) = lines.Current;
        var header = headerText.Split('\t');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!columns.TryAdd(header[i], i))
            {
                throw new DataFormatException(path, headerLine, $"column '{header[i]}' appears twice in the header");
            }
        }

        int Required(string name, string role) =>
            columns.TryGetValue(name, out var index)
                ? index
                : throw new DataFormatException(path, headerLine, $"no column '{name}' for the {role} (columns: {string.Join(", ", header)})");

        var text = Required(fields.Text, "text");
        int? pair = fields.TextPair is { } pairName ? Required(pairName, "second text") : null;
        int? label = requireLabels ? Required(fields.Label, "label") : columns.TryGetValue(fields.Label, out var l) ? l : null;
        int? id = fields.Id is { } idName && columns.TryGetValue(idName, out var i2) ? i2 : null;

        var examples = new List<TextExample>();
        while (lines.MoveNext())
        {
            var (line, content) = lines.Current;
            var values = content.Split('\t');
            if (values.Length != header.Length)
            {
                throw new DataFormatException(path, line, $"expected {header.Length} tab-separated columns as in the header, got {values.Length}");
            }

            var labelValue = label is { } labelIndex && values[labelIndex].Length > 0 ? values[labelIndex] : null;
            if (labelValue is null && requireLabels)
            {
                throw new DataFormatException(path, line, $"empty label in column '{fields.Label}'");
            }

            examples.Add(new TextExample(values[text], pair is { } p ? values[p] : null, labelValue, id is { } idIndex ? values[idIndex] : null)
            {
                Origin = new SourceLine(path, line),
            });
        }

        return examples;
    }
}
