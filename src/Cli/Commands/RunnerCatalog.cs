using Microsoft.Extensions.Logging;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.Cli.Commands;

/// <summary>The runners a node started by this executable has.</summary>
internal static class RunnerCatalog
{
    /// <summary>The simulated runner, plus one command runner per template when a templates file is given.</summary>
    public static IReadOnlyList<ITrialRunner> Local(string? templatesPath, NodeOptions node, ILoggerFactory loggerFactory)
    {
        if (templatesPath is null)
        {
            return [new SimulatedRunner()];
        }

        try
        {
            return [new SimulatedRunner(), .. CommandRunnerFactory.Load(templatesPath, node, loggerFactory)];
        }
        catch (CommandTemplateException ex)
        {
            throw new CliException(ExitCodes.BadInput, ex.Message);
        }
    }
}
