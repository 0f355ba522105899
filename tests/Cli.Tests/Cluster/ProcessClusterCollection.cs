using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// The tests that run real coordinator and node processes. They run one class at a time: their leases
/// are short (1.5 s), and several clusters starving each other of the 2 cores made healthy nodes
/// expire. They share one throwaway PostgreSQL server (each test that uses it takes a fresh database).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessClusterCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "process clusters";
}
