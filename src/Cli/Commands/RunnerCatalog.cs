using Microsoft.Extensions.Logging;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Command;
using SweepCluster.GpuNode.Runners.Builtin;

namespace SweepCluster.Cli.Commands;

/// <summary>The runners a node started by this executable has.</summary>
internal static class RunnerCatalog
{
    /// <summary>The simulated and built-in runners, plus one command runner per template when a templates file is given.</summary>
    public static IReadOnlyList<ITrialRunner> Local(string? templatesPath, NodeOptions node, ILoggerFactory loggerFactory)
    {
        if (templatesPath is null)
        {
            return [new SimulatedRunner(), new BuiltinRunner()];
        }

        try
        {
            return [new SimulatedRunner(), new BuiltinRunner(), .. CommandRunnerFactory.Load(templatesPath, node, loggerFactory)];
        }
        catch (CommandTemplateException ex)
        {
            throw new CliException(ExitCodes.BadInput, ex.Message);
        }
    }
}
