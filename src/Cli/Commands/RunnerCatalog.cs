using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Builtin;

namespace SweepCluster.Cli.Commands;

/// <summary>The runners a node started by this executable has.</summary>
internal static class RunnerCatalog
{
    public static IReadOnlyList<ITrialRunner> Local() => [new SimulatedRunner(), new BuiltinRunner()];
}
