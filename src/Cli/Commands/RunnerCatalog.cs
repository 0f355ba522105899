using SweepCluster.GpuNode.Runners;

namespace SweepCluster.Cli.Commands;

/// <summary>The runners a node started by this executable has.</summary>
internal static class RunnerCatalog
{
    public static IReadOnlyList<ITrialRunner> Local() => [new SimulatedRunner()];
}
