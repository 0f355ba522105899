using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>The conformance suite on a fresh schema (an empty database to the store) of the shared throwaway server per test.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresJournalConformanceTests(PostgresServerFixture fixture) : JournalConformanceTests
{
    protected override async Task<ISweepStore> CreateStoreAsync() =>
        await PostgresSweepStore.OpenAsync(await fixture.Server.CreateSchemaAsync(), new FixedTimeProvider(T0));
}
