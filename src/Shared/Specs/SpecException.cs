namespace SweepCluster.Shared.Specs;

/// <summary>
/// Thrown by <see cref="SpecParser"/> when a spec cannot be read or is invalid. It carries every
/// problem found (<see cref="Errors"/>, in line order); <see cref="Field"/> and <see cref="Line"/>
/// describe the first. <see cref="Exception.Source"/> is set to the spec's name.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception from at least one error.</summary>
    public SpecException(IReadOnlyList<SpecError> errors)
        : base(Render(errors))
    {
        Errors = errors;
        Source = errors[0].Source;
    }

    /// <summary>Every problem found, ordered by line.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>Dotted path of the first offending field, e.g. <c>training.learning_rate</c>.</summary>
    public string Field => Errors[0].Field;

    /// <summary>1-based line of the first problem, 0 when unknown.</summary>
    public int Line => Errors[0].Line;

    private static string Render(IReadOnlyList<SpecError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A spec exception needs at least one error.", nameof(errors));
        }

        // One line per problem, compiler style, so the first line alone is a precise message.
        return string.Join('\n', errors);
    }
}
