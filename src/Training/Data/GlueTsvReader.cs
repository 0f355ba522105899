namespace SweepCluster.Training.Data;

/// <summary>
/// Reads the GLUE TSV files in the layouts of the official GLUE download (what Hugging Face's
/// GLUE processors read). Fields are split on tabs only; quotes are ordinary characters.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>SST-2</term><description>train/dev: header <c>sentence⇥label</c>; test: header <c>index⇥sentence</c>.</description></item>
/// <item><term>CoLA</term><description>train/dev: no header, <c>source⇥label⇥author's label⇥sentence</c>; test: header <c>index⇥sentence</c>.</description></item>
/// <item><term>MRPC</term><description>train/dev: header <c>Quality⇥#1 ID⇥#2 ID⇥#1 String⇥#2 String</c> (label first); test: the same with <c>index</c> for <c>Quality</c>.</description></item>
/// <item><term>RTE</term><description>train/dev: header <c>index⇥sentence1⇥sentence2⇥label</c>; test: without <c>label</c>.</description></item>
/// </list>
/// The layout is recognized from the first line; test layouts are accepted only when labels are
/// not required. Empty lines are skipped. Every label is checked against the task's label set.
/// </remarks>
public static class GlueTsvReader
{
    /// <summary>Reads one GLUE file.</summary>
    /// <param name="path">A train.tsv, dev.tsv or test.tsv of <paramref name="task"/>.</param>
    /// <param name="task">Which task's layout to expect.</param>
    /// <param name="requireLabels">Reject unlabelled (test) files; true for training and validation data.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">Wrong header, column count or label (with file:line).</exception>
    public static List<TextExample> Read(string path, GlueTask task, bool requireLabels = true)
    {
        var (labelled, test) = GlueLayout.For(task);
        var labels = LabelsOf(task);
        var name = DisplayName(task);
        var examples = new List<TextExample>();
        GlueLayout? layout = null;
        foreach (var (line, text) in DataFile.ReadLines(path))
        {
            if (text.Length == 0)
            {
                continue;
            }

            var columns = text.Split('\t');
            if (layout is null)
            {
                var trimmed = columns.Select(c => c.Trim()).ToArray();
                layout = labelled.Matches(trimmed) ? labelled
                    : test.Matches(trimmed) ? test
                    : labelled.Header is null ? labelled
                    : throw new DataFormatException(path, line,
                        $"not a {name} file: expected {labelled.Describe()} (train/dev) or {test.Describe()} (test), got '{text.Replace("\t", "\\t", StringComparison.Ordinal)}'");
                if (layout.Label is null && requireLabels)
                {
                    throw new DataFormatException(path, line,
                        $"has the {name} test layout ({test.Describe()}) without labels; training and validation files need labels");
                }

                if (layout.Header is not null)
                {
                    continue;
                }
            }

            if (columns.Length != layout.Columns)
            {
                throw new DataFormatException(path, line, $"expected {layout.Columns} tab-separated columns, got {columns.Length}");
            }

            string? label = null;
            if (layout.Label is { } labelColumn)
            {
                label = columns[labelColumn];
                if (!labels.TryGetId(label, out _))
                {
                    throw new DataFormatException(path, line,
                        $"label '{label}' is not a {name} label (expected {string.Join(" or ", labels.Labels.Select(l => $"'{l}'"))})");
                }
            }

            examples.Add(new TextExample(
                columns[layout.Text],
                layout.TextPair is { } pair ? columns[pair] : null,
                label,
                layout.Id is { } id ? columns[id] : null)
            {
                Origin = new SourceLine(path, line),
            });
        }

        return examples;
    }

    /// <summary>
    /// Reads a GLUE task folder as distributed: <c>train.tsv</c> for training and <c>dev.tsv</c>
    /// for validation (GLUE's test labels are not public, so dev is what papers report).
    /// </summary>
    public static DatasetSplit ReadFolder(string folder, GlueTask task)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new DatasetSplit(
            Read(Path.Combine(folder, "train.tsv"), task),
            Read(Path.Combine(folder, "dev.tsv"), task));
    }

    /// <summary>
    /// The fixed label set of a task, in Hugging Face's order: <c>0, 1</c> for SST-2, CoLA and
    /// MRPC (1 = positive / acceptable / paraphrase); <c>entailment, not_entailment</c> for RTE.
    /// </summary>
    public static LabelSet LabelsOf(GlueTask task) => task switch
    {
        GlueTask.Rte => new LabelSet(["entailment", "not_entailment"]),
        GlueTask.Sst2 or GlueTask.Cola or GlueTask.Mrpc => new LabelSet(["0", "1"]),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown GLUE task."),
    };

    /// <summary>Parses a task name as experiment specs write it: <c>sst2</c>/<c>sst-2</c>, <c>cola</c>, <c>mrpc</c>, <c>rte</c> (any case).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static GlueTask ParseTask(string name) => name?.ToLowerInvariant() switch
    {
        "sst2" or "sst-2" => GlueTask.Sst2,
        "cola" => GlueTask.Cola,
        "mrpc" => GlueTask.Mrpc,
        "rte" => GlueTask.Rte,
        _ => throw new ArgumentException($"Unknown GLUE task '{name}'; expected sst2, cola, mrpc or rte.", nameof(name)),
    };

    /// <summary>The usual written name: SST-2, CoLA, MRPC, RTE.</summary>
    public static string DisplayName(GlueTask task) => task switch
    {
        GlueTask.Sst2 => "SST-2",
        GlueTask.Cola => "CoLA",
        GlueTask.Mrpc => "MRPC",
        GlueTask.Rte => "RTE",
        _ => task.ToString(),
    };
}
