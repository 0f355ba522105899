namespace SweepCluster.Coordinator.Journal;

/// <summary>One schema script, <c>Migrations/NNNN_name.sql</c> beside its backend, applied once in version order.</summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql);
