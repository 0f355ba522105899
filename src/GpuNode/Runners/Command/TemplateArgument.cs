namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// One entry of a template's argv after the executable: a single element, or a group of elements
/// (written as a JSON array) that is kept or dropped as a whole — e.g. <c>["--resume", "{resume_from?}"]</c>.
/// </summary>
/// <param name="Elements">The element texts (one for a plain element).</param>
internal sealed record TemplateArgument(IReadOnlyList<TemplateText> Elements);
