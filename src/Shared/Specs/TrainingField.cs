namespace SweepCluster.Shared.Specs;

/// <summary>A numeric <see cref="TrainingSpec"/> field as the spec names it, with its allowed range.</summary>
/// <param name="Name">Snake-case spec key, e.g. <c>learning_rate</c>.</param>
/// <param name="Range">Allowed values (integer fields only take integers, also in a grid).</param>
/// <param name="Get">Reads the field.</param>
/// <param name="With">Returns a copy with the field set.</param>
internal sealed record TrainingField(
    string Name,
    NumberRange Range,
    Func<TrainingSpec, double> Get,
    Func<TrainingSpec, double, TrainingSpec> With);
