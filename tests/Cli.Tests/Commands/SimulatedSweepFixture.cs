using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Commands;

/// <summary>
/// One simulated 4 WI × 3 DO sweep (20 steps, 4 evaluations, a share of seed pairs diverging) run once
/// through <c>sweep run</c> into a temporary database, shared by the report tests.
/// </summary>
public sealed class SimulatedSweepFixture : IAsyncLifetime
{
    public const string SweepName = "clirep";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"sweepcluster-cli-{Guid.NewGuid():N}");

    public string Db => Path.Combine(Directory, "sweep.db");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var spec = Path.Combine(Directory, "spec.yaml");
        await File.WriteAllTextAsync(spec, TestSpecs.SimulatedYaml(
            name: SweepName, init: "[1, 2, 3, 4]", order: "[1, 2, 3]", steps: 20, evaluations: 4, divergeShare: 0.25));
        var (code, _, error) = await RunAsync("run", spec, "--db", Db, "--quiet", "--slots", "2");
        if (code != 0)
        {
            throw new InvalidOperationException($"sweep run failed with {code}: {error}");
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs the CLI in process and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SweepCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
