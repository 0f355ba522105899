using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SweepCluster.Coordinator.Journal;
using SweepCluster.TestKit.Postgres;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Journal appends per second on a throwaway PostgreSQL server (started here, loopback TCP, fsync
/// on): one MetricReported per append, then batches of 10 and 100, first with
/// <c>synchronous_commit = on</c> (every commit waits for its WAL flush), then <c>off</c> (the
/// durability of SQLite's WAL with synchronous=NORMAL: a crash may drop the latest commits, never
/// corrupts). Usage: <c>journal-pg [events=20000]</c>.
/// </summary>
public static class PostgresJournalAppendBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (PostgresBinaries.SkipReason is { } reason)
        {
            Console.WriteLine($"journal-pg: {reason}");
            return 1;
        }

        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var clock = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync(durable: true);
        var version = await server.ExecuteScalarAsync("SHOW server_version;");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"journal appends, PostgreSQL {version} on 127.0.0.1:{server.Port} " +
            $"(started in {clock.Elapsed.TotalSeconds:F1} s), {events:N0} MetricReported per case"));
        foreach (var synchronousCommit in new[] { "on", "off" })
        {
            var database = await server.CreateDatabaseAsync();
            var name = new NpgsqlConnectionStringBuilder(database).Database;
            await server.ExecuteScalarAsync($"ALTER DATABASE {name} SET synchronous_commit = {synchronousCommit};");
            await using var store = await PostgresSweepStore.OpenAsync(database, TimeProvider.System);
            Console.WriteLine($"  synchronous_commit = {synchronousCommit}");
            foreach (var batchSize in new[] { 1, 10, 100 })
            {
                var (elapsed, cpu) = await JournalAppendBenchmark.TimeAppendsAsync(store, $"bench-{batchSize}", events, batchSize);
                Console.WriteLine(
                    $"    batch {batchSize,3}: {events / elapsed.TotalSeconds,10:N0} events/s wall, {events / cpu.TotalSeconds,10:N0} events/s of client process CPU " +
                    $"({events / batchSize:N0} appends in {elapsed.TotalMilliseconds:N0} ms)");
            }
        }

        return 0;
    }
}
