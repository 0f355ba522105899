namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>A piece of a <see cref="TemplateText"/>: literal text, or a placeholder.</summary>
/// <param name="Literal">The literal text, or null for a placeholder.</param>
/// <param name="Placeholder">The placeholder's name (e.g. <c>values.model</c>), or null for literal text.</param>
/// <param name="Optional">For a placeholder written <c>{name?}</c>: drop the element when it has no value.</param>
internal readonly record struct TemplateSegment(string? Literal, string? Placeholder, bool Optional);
