using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>The process tests that share one throwaway PostgreSQL server (each test takes a fresh database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
