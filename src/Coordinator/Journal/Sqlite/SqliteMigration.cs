namespace SweepCluster.Coordinator.Journal;

/// <summary>One schema script, <c>Migrations/NNNN_name.sql</c>, applied once in version order.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
