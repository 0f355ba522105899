namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>A rendered template: exactly what is executed for one launch.</summary>
/// <param name="Executable">argv[0].</param>
/// <param name="Arguments">argv[1..], each passed as one argument (never split, never given to a shell).</param>
/// <param name="WorkingDirectory">Full path of the working directory.</param>
/// <param name="Environment">Variables to set (a null value removes the variable from the inherited environment).</param>
internal sealed record LaunchPlan(
    string Executable,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment);
