namespace SweepCluster.Training.Data;

/// <summary>Which CSV columns or JSON fields hold the parts of an example.</summary>
/// <param name="Text">Column/field with the text (default <c>text</c>).</param>
/// <param name="TextPair">Column/field with the second text of pair tasks, or null (default) for single-text tasks.</param>
/// <param name="Label">Column/field with the label (default <c>label</c>).</param>
/// <param name="Id">Column/field with an example id, used when present (default <c>id</c>).</param>
public sealed record FieldMapping(string Text = "text", string? TextPair = null, string Label = "label", string? Id = "id")
{
    /// <summary>The defaults: <c>text</c>, no pair, <c>label</c>, <c>id</c>.</summary>
    public static FieldMapping Default { get; } = new();
}
