using System.CommandLine;

namespace SweepCluster.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary>Default embedded database: <c>.sweep/sweep.db</c> under the current directory.</summary>
    public static readonly string DefaultDb = Path.Combine(".sweep", "sweep.db");

    public static Option<string> Db() => new("--db")
    {
        Description = "SQLite database file (created if missing)",
        DefaultValueFactory = _ => DefaultDb,
    };

    public static Option<string?> Sweep() => new("--sweep")
    {
        Description = "Sweep id (default: the most recent sweep)",
    };
}
