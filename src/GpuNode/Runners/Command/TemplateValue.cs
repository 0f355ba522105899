using System.Text.RegularExpressions;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>A value a template accepts from the spec's <c>runner.values</c>.</summary>
/// <param name="Default">Used when the spec does not give the value; null makes it required (unless every use is optional).</param>
/// <param name="Pattern">A further restriction the value must match in full, on top of the general rule.</param>
internal sealed record TemplateValue(string? Default, Regex? Pattern);
