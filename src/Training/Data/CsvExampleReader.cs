namespace SweepCluster.Training.Data;

/// <summary>
/// Reads examples from a CSV file whose first row names the columns (RFC 4180 quoting, see
/// <see cref="CsvRecordReader"/>). Columns are picked by name through a <see cref="FieldMapping"/>;
/// other columns are ignored.
/// </summary>
public static class CsvExampleReader
{
    /// <summary>Reads every record after the header.</summary>
    /// <param name="path">The CSV file (UTF-8).</param>
    /// <param name="fields">Column names; <see cref="FieldMapping.Default"/> when null.</param>
    /// <param name="requireLabels">Fail when the label column or a label is missing (true for training and validation data).</param>
    /// <param name="delimiter">Field separator (default comma).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Bad quoting, missing column, wrong column count, empty label (with file:line).</exception>
    public static List<TextExample> Read(string path, FieldMapping? fields = null, bool requireLabels = true, char delimiter = ',')
    {
        fields ??= FieldMapping.Default;
        using var reader = DataFile.Open(path);
        using var records = new CsvRecordReader(reader, path, delimiter).ReadRecords().GetEnumerator();
        if (!records.MoveNext())
        {
            throw new DataFormatException(path, null, "is empty; expected a header row naming the columns");
        }

        var (headerLine, header) = records.Current;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = i == 0 ? header[i].TrimStart('\uFEFF') : header[i];
            if (!columns.TryAdd(name, i))
            {
                throw new DataFormatException(path, headerLine, $"column '{name}' appears twice in the header");
            }
        }

        int Required(string name, string role) =>
            columns.TryGetValue(name, out var index)
                ? index
                : throw new DataFormatException(path, headerLine,
                    $"no column '{name}' for the {role} (columns: {string.Join(", ", header)})");

        var text = Required(fields.Text, "text");
        int? pair = fields.TextPair is { } pairName ? Required(pairName, "second text") : null;
        int? label = requireLabels ? Required(fields.Label, "label") : columns.TryGetValue(fields.Label, out var l) ? l : null;
        int? id = fields.Id is { } idName && columns.TryGetValue(idName, out var i2) ? i2 : null;

        var examples = new List<TextExample>();
        while (records.MoveNext())
        {
            var (line, values) = records.Current;
            if (values.Count != header.Count)
            {
                throw new DataFormatException(path, line, $"expected {header.Count} columns as in the header, got {values.Count}");
            }

            var labelValue = label is { } labelIndex && values[labelIndex].Length > 0 ? values[labelIndex] : null;
            if (labelValue is null && requireLabels)
            {
                throw new DataFormatException(path, line, $"empty label in column '{fields.Label}'");
            }

            examples.Add(new TextExample(
                values[text],
                pair is { } p ? values[p] : null,
                labelValue,
                id is { } idIndex ? values[idIndex] : null)
            {
                Origin = new SourceLine(path, line),
            });
        }

        return examples;
    }
}
