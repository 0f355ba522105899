namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>A node-side command template, as loaded and checked from the templates file.</summary>
/// <param name="Name">The name a spec selects with <c>runner: command:NAME</c>.</param>
/// <param name="Executable">argv[0]: a literal path or a name looked up on PATH; never a placeholder.</param>
/// <param name="Arguments">The rest of argv.</param>
/// <param name="WorkingDirectory">Working directory (relative to <paramref name="BaseDirectory"/>); null = the trial directory.</param>
/// <param name="Environment">Variables set on top of the node's environment, in file order.</param>
/// <param name="Timeout">Wall-time limit of one launch, or null for none.</param>
/// <param name="StopGrace">Time between SIGTERM and SIGKILL.</param>
/// <param name="PauseGrace">Time a child has to checkpoint and exit after SIGUSR1 before it is stopped.</param>
/// <param name="LogLimitBytes">Bytes of stdout (and as many of stderr) kept per launch; the tail is kept.</param>
/// <param name="Values">Values the template accepts from the spec, by name.</param>
/// <param name="BaseDirectory">Directory of the templates file.</param>
internal sealed record CommandTemplate(
    string Name,
    string Executable,
    IReadOnlyList<TemplateArgument> Arguments,
    TemplateText? WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, TemplateText>> Environment,
    TimeSpan? Timeout,
    TimeSpan StopGrace,
    TimeSpan PauseGrace,
    long LogLimitBytes,
    IReadOnlyDictionary<string, TemplateValue> Values,
    string BaseDirectory);
