using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.GpuNode.Runners;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// Node agents in a second OS process (this benchmark program in its hidden <c>cluster-nodes</c>
/// mode), so that the coordinator's process CPU time is the coordinator's alone. The child runs
/// until its standard input closes.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private const string TokenVariable = "SWEEP_BENCH_CLUSTER_TOKEN";
    private readonly Process _process;

    private NodeProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="nodes"/> × <paramref name="slots"/> nodes in a child process.</summary>
    /// <param name="runner"><c>simulated</c> or <c>flood:N</c> (<see cref="FloodRunner"/> with N metrics per trial).</param>
    public static NodeProcess Start(Uri coordinator, int nodes, int slots, string runner, string workDirectory)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(NodeProcess).Assembly.Location);
        }

        foreach (var arg in new[] { "cluster-nodes", coordinator.ToString(), nodes.ToString(CultureInfo.InvariantCulture), slots.ToString(CultureInfo.InvariantCulture), runner, workDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[TokenVariable] = BenchCoordinator.ClusterToken;
        return new NodeProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the node process"));
    }

    /// <summary>CPU time the node process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Asks the child to stop (closes its input) and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The child side: <c>cluster-nodes URL NODES SLOTS RUNNER WORKDIR</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var nodes = int.Parse(args[1], CultureInfo.InvariantCulture);
        var slots = int.Parse(args[2], CultureInfo.InvariantCulture);
        Func<ITrialRunner> runner = args[3].StartsWith("flood:", StringComparison.Ordinal)
            ? () => new FloodRunner(int.Parse(args[3]["flood:".Length..], CultureInfo.InvariantCulture))
            : () => new SimulatedRunner();
        var token = Environment.GetEnvironmentVariable(TokenVariable) ?? throw new InvalidOperationException($"{TokenVariable} is not set");
        await using (var fleet = NodeFleet.Start(url, token, nodes, slots, runner, args[4], NullLoggerFactory.Instance))
        {
            // Runs until the parent closes our input.
            await Console.In.ReadToEndAsync();
        }

        Console.WriteLine(BenchMachine.F($"  [node process] {nodes} nodes stopped; node process CPU {BenchMachine.ProcessCpu().TotalSeconds:F1} s"));
        return 0;
    }
}
