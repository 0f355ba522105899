namespace SweepCluster.Shared.Specs;

/// <summary>Collects the problems of one spec so that the user sees all of them at once.</summary>
internal sealed class SpecErrorList(string source)
{
    private readonly List<SpecError> _errors = [];

    public string Source { get; } = source;

    public int Count => _errors.Count;

    public void Add(string field, int line, string message) =>
        _errors.Add(new SpecError(Source, field, line, message));

    /// <summary>Throws a <see cref="SpecException"/> with the errors in line order, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            // OrderBy is stable: problems on the same line keep the order they were found in.
            throw new SpecException([.. _errors.OrderBy(e => e.Line)]);
        }
    }
}
