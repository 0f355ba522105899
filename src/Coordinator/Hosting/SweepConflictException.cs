namespace SweepCluster.Coordinator.Hosting;

/// <summary>A sweep with the same name already exists with a different spec.</summary>
public sealed class SweepConflictException(string message) : Exception(message);
