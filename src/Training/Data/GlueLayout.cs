namespace SweepCluster.Training.Data;

/// <summary>
/// Where the parts of an example sit in one GLUE TSV layout. <see cref="Header"/> is null for
/// CoLA's train/dev files, which have none.
/// </summary>
internal sealed record GlueLayout(string[]? Header, int Columns, int Text, int? TextPair, int? Label, int? Id)
{
    /// <summary>The train/dev (labelled) layout and the test (unlabelled) layout of a task.</summary>
    public static (GlueLayout Labelled, GlueLayout Test) For(GlueTask task) => task switch
    {
        // sentence<TAB>label  /  index<TAB>sentence
        GlueTask.Sst2 => (
            new GlueLayout(["sentence", "label"], 2, Text: 0, TextPair: null, Label: 1, Id: null),
            new GlueLayout(["index", "sentence"], 2, Text: 1, TextPair: null, Label: null, Id: 0)),
        // no header: source<TAB>label<TAB>author's label<TAB>sentence  /  index<TAB>sentence
        GlueTask.Cola => (
            new GlueLayout(null, 4, Text: 3, TextPair: null, Label: 1, Id: null),
            new GlueLayout(["index", "sentence"], 2, Text: 1, TextPair: null, Label: null, Id: 0)),
        // Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2 String  /  index<TAB>#1 ID<TAB>…
        GlueTask.Mrpc => (
            new GlueLayout(["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"], 5, Text: 3, TextPair: 4, Label: 0, Id: null),
            new GlueLayout(["index", "#1 ID", "#2 ID", "#1 String", "#2 String"], 5, Text: 3, TextPair: 4, Label: null, Id: 0)),
        // index<TAB>sentence1<TAB>sentence2<TAB>label  /  without label
        GlueTask.Rte => (
            new GlueLayout(["index", "sentence1", "sentence2", "label"], 4, Text: 1, TextPair: 2, Label: 3, Id: 0),
            new GlueLayout(["index", "sentence1", "sentence2"], 3, Text: 1, TextPair: 2, Label: null, Id: 0)),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown GLUE task."),
    };

    public bool Matches(string[] columns) => Header is not null && columns.SequenceEqual(Header, StringComparer.Ordinal);

    public string Describe() => Header is null ? $"no header, {Columns} columns" : $"header '{string.Join("\\t", Header)}'";
}
