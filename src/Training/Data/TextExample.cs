namespace SweepCluster.Training.Data;

/// <summary>One labelled (or, for test files, unlabelled) text-classification example.</summary>
/// <param name="Text">The text (first sentence of a pair task).</param>
/// <param name="TextPair">The second sentence for sentence-pair tasks (MRPC, RTE), else null.</param>
/// <param name="Label">
/// The label as written in the file (<c>"1"</c>, <c>"not_entailment"</c>, <c>"spam"</c>; JSON
/// numbers in invariant form, JSON booleans as <c>"true"</c>/<c>"false"</c>); null only in
/// files read without labels. Map it to a class id with <see cref="LabelSet"/>, or to a number
/// with <see cref="RegressionTargets"/>.
/// </param>
/// <param name="Id">The example's id when the file has one (index column, <c>id</c> field), else null.</param>
public sealed record TextExample(string Text, string? TextPair, string? Label, string? Id)
{
    /// <summary>The file line the example was read from, for error messages; null when generated.</summary>
    public SourceLine? Origin { get; init; }

    /// <summary>A <see cref="DataFormatException"/> located at this example (or at its position when generated).</summary>
    internal DataFormatException Error(int index, string problem) =>
        Origin is { } origin
            ? new DataFormatException(origin.Path, origin.Line, problem)
            : new DataFormatException($"example #{index}{(Id is null ? string.Empty : $" (id {Id})")}", null, problem);
}
