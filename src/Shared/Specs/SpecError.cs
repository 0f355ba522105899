namespace SweepCluster.Shared.Specs;

/// <summary>One problem found in an experiment spec.</summary>
/// <param name="Source">The spec's name as given to the parser (usually its path).</param>
/// <param name="Field">Dotted path of the offending field, e.g. <c>training.learning_rate</c> or
/// <c>seeds.init[2]</c>; empty when the problem concerns the whole document.</param>
/// <param name="Line">1-based line in the spec, 0 when unknown.</param>
/// <param name="Message">What is wrong, e.g. <c>expected a positive number, got 'fast'</c>.</param>
public sealed record SpecError(string Source, string Field, int Line, string Message)
{
    /// <summary>
    /// Compiler-style rendering: <c>source:line: field: message</c>, leaving out the line when it
    /// is unknown and the field when it is empty.
    /// </summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"{Source}:{Line}" : Source;
        return Field.Length > 0 ? $"{location}: {Field}: {Message}" : $"{location}: {Message}";
    }
}
