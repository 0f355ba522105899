using System.CommandLine;
using Microsoft.Data.Sqlite;
using SweepCluster.Cli.Commands;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Cli;

/// <summary>The <c>sweep</c> command line: builds the commands and maps errors to one line and an exit code.</summary>
internal static class SweepCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("SweepCluster: Dodge-style seed sweeps — run, watch and report fine-tuning trials that differ only in their seeds.")
        {
            RunCommand.Create(output),
            StatusCommand.Create(output),
            WatchCommand.Create(output),
            TrialsCommand.Create(output),
            SubmitCommand.Create(output),
            StopCommand.Create(output),
            CancelCommand.Create(output),
            ResumeCommand.Create(output),
            ReportCommand.Create(output),
            CoordinatorCommand.Create(output),
            NodeCommand.Create(output),
            PredictCommand.Create(output),
        };

        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
            {
                foreach (var parseError in parsed.Errors)
                {
                    await error.WriteLineAsync($"sweep: {parseError.Message}");
                }

                await error.WriteLineAsync("Run 'sweep --help' for usage.");
                return ExitCodes.BadInput;
            }

            var config = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // Ctrl-C cancels the action's token; a run then has this long to pause trials and save state.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            };
            return await parsed.InvokeAsync(config);
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            await error.WriteLineAsync($"sweep: {message}");
            return code;
        }
    }

    private static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        SpecException spec => (ExitCodes.BadInput, spec.Message),
        SweepConflictException conflict => (ExitCodes.BadInput, conflict.Message),
        FileNotFoundException missing => (ExitCodes.BadInput, missing.Message),
        DirectoryNotFoundException missing => (ExitCodes.BadInput, missing.Message),
        SqliteException db => (ExitCodes.StoreError, $"database error: {db.Message}"),
        InvalidDataException data => (ExitCodes.StoreError, data.Message),
        ArgumentException argument => (ExitCodes.BadInput, argument.Message),
        _ => (ExitCodes.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}"),
    };
}
