using Npgsql;

namespace SweepCluster.Coordinator.Tests.Journal.Postgres;

/// <summary>Runs SQL on a connection of its own, as another program would.</summary>
internal static class PostgresQuery
{
    public static async Task<List<T>> ListAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> map, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async Task<long> CountAsync(string connectionString, string table) =>
        (await ListAsync(connectionString, $"SELECT COUNT(*) FROM {table};", r => r.GetInt64(0))).Single();
}
