namespace SweepCluster.Coordinator.Journal;

/// <summary>One statement to run with its values, bound in the order of the statement's parameter names.</summary>
internal readonly record struct ProjectionStep(ProjectionStatement Statement, object?[] Values);
